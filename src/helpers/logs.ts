// VM logs arrive as chunks of bytes (numbers 0-255) with sequence numbers. These helpers turn
// chunks into text lines, keeping a line or a UTF-8 character that spans two chunks whole.
import type { VmLogChunk } from '../types.js';

/**
 * Turns chunks into complete text lines, across calls: a line cut between chunks is held back until
 * its end arrives. Used by `vms.followLogs`; `decodeLogLines` is the one-shot form.
 * @example
 * const lines = new LogLineDecoder();
 * for (const chunk of page.data) for (const line of lines.push(chunk)) console.log(line);
 * const rest = lines.end();
 */
export class LogLineDecoder {
  readonly #decoder = new TextDecoder('utf-8');
  #partial = '';

  /** Adds one chunk's bytes; returns the lines it completed (without their line breaks). */
  push(chunk: Pick<VmLogChunk, 'data'>): string[] {
    const text = this.#partial + this.#decoder.decode(Uint8Array.from(chunk.data), { stream: true });
    const lines = text.split(/\r?\n/);
    this.#partial = lines.pop() ?? '';
    return lines;
  }

  /** Flushes what is left: the last line if it had no line break. */
  end(): string[] {
    const rest = this.#partial + this.#decoder.decode();
    this.#partial = '';
    return rest === '' ? [] : [rest];
  }
}

/**
 * The text lines of a set of log chunks, in sequence-number order whatever order they came in.
 * Invalid UTF-8 becomes U+FFFD.
 * @example decodeLogLines((await sfc.vms.logs({ instance_id: 'vm_1', order_by: 'seqnum_asc' })).data) // ['boot ok', 'ready']
 */
export function decodeLogLines(chunks: readonly Pick<VmLogChunk, 'data' | 'seqnum'>[]): string[] {
  const decoder = new LogLineDecoder();
  const lines = [...chunks].sort((a, b) => a.seqnum - b.seqnum).flatMap((chunk) => decoder.push(chunk));
  return [...lines, ...decoder.end()];
}
