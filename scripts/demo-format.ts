// How `npm run demo` prints a step and a node, shared by its tours (demo.ts, demo-fake.ts).
import type { Node } from '../src/index.js';

export function show(step: string, detail: string) {
  console.log(`${step.padEnd(22)} ${detail}`);
}

export function describeNode(node: Node): string {
  const vm = node.current_vm ? `, vm ${node.current_vm.id} (${node.current_vm.status})` : '';
  const end = node.end_at ? `, ends ${new Date(node.end_at * 1000).toISOString()}` : '';
  return `${node.id} "${node.name}" ${node.status} ${node.gpu_type} ${node.node_type}${end}${vm}`;
}
