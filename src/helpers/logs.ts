// VM logs arrive as chunks of bytes (numbers 0-255) with sequence numbers. These helpers turn
// chunks into text lines, keeping a line or a UTF-8 character that spans two chunks whole.
import type { VmLogChunk } from '../types.js';

/** A line break: `\r\n`, `\n`, or a lone `\r` (which progress bars use to redraw a line). */
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Turns chunks into complete text lines, across calls: a line cut between chunks is held back until
 * its end arrives. A line ends at `\n`, `\r\n` (also when split between two chunks) or a lone `\r`.
 * Used by `vms.followLogs`; `decodeLogLines` is the one-shot form.
 * @example
 * const lines = new LogLineDecoder();
 * for (const chunk of page.data) for (const line of lines.push(chunk)) console.log(line);
 * const rest = lines.end();
 */
export class LogLineDecoder {
  readonly #decoder = new TextDecoder('utf-8');
  /**
   * The start of the line not yet ended, in pieces: only new text is ever split, so a long line
   * (a progress bar redrawn with `\r` and no `\n`) costs time in proportion to its length, not to
   * its length times the number of chunks it spans.
   */
  #partial: string[] = [];
  /** The last text ended in `\r`: a `\n` that starts the next one belongs to that line break. */
  #afterCr = false;

  /** Adds one chunk's bytes; returns the lines it completed (without their line breaks). */
  push(chunk: Pick<VmLogChunk, 'data'>): string[] {
    return this.#split(this.#decoder.decode(Uint8Array.from(chunk.data), { stream: true }));
  }

  /** Flushes what is left: the last line if it had no line break. */
  end(): string[] {
    const lines = this.#split(this.#decoder.decode());
    const rest = this.#partial.join('');
    this.#partial = [];
    this.#afterCr = false;
    return rest === '' ? lines : [...lines, rest];
  }

  #split(text: string): string[] {
    if (text === '') return [];
    const pieces = (this.#afterCr && text.startsWith('\n') ? text.slice(1) : text).split(LINE_BREAK);
    this.#afterCr = text.endsWith('\r');
    // The last piece is the start of a line not yet ended (empty when the text ended with a break).
    const last = pieces.pop()!;
    if (pieces.length > 0) {
      pieces[0] = this.#partial.join('') + pieces[0]!;
      this.#partial = [];
    }
    if (last !== '') this.#partial.push(last);
    return pieces;
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
