// The CHANGELOG's "Unreleased" entry for a spec update: methods and fields added, operations
// moved, breaking changes. Pure text in, text out, so that a second run with the same changes
// leaves the file as it is and a hand-written entry is never touched.
import { groupChanges, summarizeAdded } from './spec-diff.mjs';

/** The file's own wrap width for prose. */
const WIDTH = 100;
/** How each merged list entry starts; its items follow, separated by ", ". */
const LEADS = {
  methods: 'Added methods: ',
  fields: 'Added fields: ',
  parameters: 'Added optional parameters: ',
  moved: 'Moved to a new path, same method (`sfc.raw` callers use the new path): ',
};
const BREAKING = '**Breaking**: ';

const code = (text) => `\`${text}\``;
/** Text as one line with single spaces, as it reads back from a wrapped entry. */
const squash = (text) => text.replace(/\s+/g, ' ').trim();

/** The items of each list entry, and the breaking entries, that `changes` call for. */
function entriesFor(changes) {
  const added = summarizeAdded(changes);
  const groups = groupChanges(changes);
  const lists = {
    methods: added.methods.map((m) => (m.method ? `${code(m.method)} (${code(m.operation)})` : code(m.operation))),
    fields: added.fields.map((f) => code(f.field)),
    parameters: added.parameters.map((p) => {
      const [where, ...name] = p.parameter.split(' ');
      return name.length > 0 ? `${code(p.method)} ${where} ${code(name.join(' '))}` : `${code(p.method)} ${code(where)}`;
    }),
    moved: groups
      .filter((g) => g.kind === 'moved')
      .flatMap((g) =>
        g.changes.map((c) => `${c.methods.map(code).join(' ') || code(c.operation)} (${code(c.from)} → ${code(c.operation)})`),
      ),
  };
  const breaking = groups
    .filter((g) => g.severity === 'breaking')
    .map((g) => {
      const who = g.operations.includes('*') ? 'every method' : g.methods.map(code).join(', ') || g.operations.map(code).join(', ');
      return squash(`${BREAKING}${who}: ${code(g.place)} ${g.detail}: ${g.message}.`);
    });
  return { lists, breaking };
}

/** One bullet, wrapped like the rest of the file; never starting a line with list or heading syntax. */
function bullet(text) {
  const lines = [];
  let line = '-';
  // A code span is kept on one line: it reads better in the source, and renders the same.
  for (const word of text.match(/(?:`[^`]*`|[^\s`]|`)+/g) ?? []) {
    const startsBlock = /^([-+*#>]|\d+[.)])/.test(word);
    if (line.length + 1 + word.length > WIDTH && line !== '-' && line.trim() !== '' && !startsBlock) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

/** The bullets of a section: where each starts and ends, and its text on one line. */
function bulletsIn(lines, from, to) {
  const found = [];
  for (let i = from; i < to; i++) {
    if (!lines[i].startsWith('- ')) continue;
    let end = i + 1;
    while (end < to && /^ {2,}\S/.test(lines[end])) end++;
    const text = squash(
      lines
        .slice(i, end)
        .map((l, k) => (k === 0 ? l.slice(2) : l))
        .join(' '),
    );
    found.push({ start: i, end, text });
    i = end - 1;
  }
  return found;
}

/**
 * `text` (a CHANGELOG) with the spec changes recorded under `## Unreleased`, made at the top if
 * missing: the additions and moves merged into one entry each (items already there are kept, not
 * repeated), and one `**Breaking**` entry per breaking change not already listed.
 */
export function updateChangelog(text, changes) {
  const { lists, breaking } = entriesFor(changes);
  if (Object.values(lists).every((items) => items.length === 0) && breaking.length === 0) return text;
  const lines = text.split('\n');
  let heading = lines.findIndex((l) => /^## Unreleased\s*$/.test(l));
  if (heading < 0) {
    const firstVersion = lines.findIndex((l) => l.startsWith('## '));
    if (firstVersion >= 0) {
      lines.splice(firstVersion, 0, '## Unreleased', '');
      heading = firstVersion;
    } else {
      while (lines.length > 0 && lines.at(-1) === '') lines.pop();
      if (lines.length > 0) lines.push('');
      heading = lines.length;
      lines.push('## Unreleased', ''); // the last '' keeps the final newline
    }
  }
  let end = lines.findIndex((l, i) => i > heading && l.startsWith('## '));
  if (end < 0) end = lines.length;
  const existing = bulletsIn(lines, heading + 1, end);

  const fresh = [];
  const replacements = [];
  for (const [name, items] of Object.entries(lists)) {
    if (items.length === 0) continue;
    const lead = LEADS[name];
    const there = existing.find((b) => b.text.startsWith(lead));
    if (!there) {
      fresh.push(`${lead}${items.join(', ')}.`);
      continue;
    }
    const had = there.text.slice(lead.length).replace(/\.$/, '').split(', ');
    const more = items.filter((item) => !had.includes(item));
    if (more.length > 0) replacements.push({ ...there, text: `${lead}${[...had, ...more].join(', ')}.` });
  }
  for (const entry of breaking) if (!existing.some((b) => b.text === entry)) fresh.push(entry);

  // Bottom up, so that the earlier line numbers stay right; new entries go above all of them.
  for (const r of replacements.sort((a, b) => b.start - a.start)) lines.splice(r.start, r.end - r.start, ...bullet(r.text));
  if (fresh.length > 0) {
    let at = heading + 1;
    while (at < lines.length && lines[at] === '') at++;
    const block = fresh.flatMap(bullet);
    if (at === heading + 1) block.unshift('');
    if (at >= lines.length || !lines[at].startsWith('- ')) block.push('');
    lines.splice(at, 0, ...block);
  }
  return lines.join('\n');
}
