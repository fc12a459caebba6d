// Finds the fenced code blocks of a Markdown file, with the marker that says what to do
// with each: an HTML comment on the line above the fence (`<!-- fragment -->`,
// `<!-- run -->`) or a word after the language (```ts fragment). A `ts` block is
// type-checked unless it is a fragment; a `run` block is also run. A block may hold several
// files, each starting with a line `// name.ts` (the README's quick start does).
import { readFileSync } from 'node:fs';

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)\s*(.*)$/;
const MARKER = /^<!--\s*(fragment|run)\b[^>]*-->\s*$/;
const FILE_LINE = /^\/\/ ([\w.-]+\.(?:ts|mts))\s*$/;

/**
 * @returns {Array<{ file: string, line: number, lang: string, mode: 'check' | 'run' | 'fragment' | 'other', code: string }>}
 *   `line` is the 1-based line of the block's first code line.
 */
export function codeBlocks(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, , fence, lang, info] = open;
    let end = i + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) end++;
    let above = i - 1;
    while (above >= 0 && lines[above].trim() === '') above--;
    const marker = (above >= 0 && MARKER.exec(lines[above].trim())?.[1]) || /\b(fragment|run)\b/.exec(info)?.[1];
    const typescript = lang === 'ts' || lang === 'typescript';
    const mode = !typescript ? 'other' : marker === 'fragment' ? 'fragment' : marker === 'run' ? 'run' : 'check';
    blocks.push({ file, line: i + 2, lang, mode, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** Splits a block into its files (`// name.ts` lines); a block with none is one file, `main.ts`. */
export function blockFiles(code) {
  const files = [];
  let current = { name: 'main.ts', offset: 0, lines: [] };
  code.split('\n').forEach((text, index) => {
    const named = FILE_LINE.exec(text);
    if (named) {
      if (current.lines.some((l) => l.trim() !== '')) files.push(current);
      current = { name: named[1], offset: index, lines: [] };
    }
    current.lines.push(text);
  });
  files.push(current);
  return files.map((f) => ({ name: f.name, offset: f.offset, text: f.lines.join('\n') }));
}
