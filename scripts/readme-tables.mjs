// The README's input and output tables, generated from the action.yml files: `npm run docs` rewrites
// them between their markers, test/readme.test.ts fails when they are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const ACTIONS = ['loop-guard', 'cut-release', 'publish-from-tag', 'release-preview'];
const cell = (text) =>
  String(text)
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

export function actionTables(name) {
  const meta = parse(readFileSync(`${name}/action.yml`, 'utf8'));
  const lines = ['| input | required | default | description |', '| --- | --- | --- | --- |'];
  for (const [key, input] of Object.entries(meta.inputs ?? {})) {
    // Defaults verbatim: the trailing space of release-commit-pattern's default matters.
    const fallback =
      input.default === undefined || input.default === ''
        ? ''
        : `\`${String(input.default).replace(/\|/g, '\\|')}\``;
    lines.push(
      `| \`${key}\` | ${input.required ? 'yes' : 'no'} | ${fallback} | ${cell(input.description)} |`,
    );
  }
  lines.push('', '| output | description |', '| --- | --- |');
  for (const [key, output] of Object.entries(meta.outputs ?? {}))
    lines.push(`| \`${key}\` | ${cell(output.description)} |`);
  return lines.join('\n');
}

export function updateReadme(text) {
  let out = text;
  for (const name of ACTIONS) {
    const start = `<!-- tables:${name} -->`;
    const end = `<!-- /tables:${name} -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} ... ${end}`);
    out = `${out.slice(0, from + start.length)}\n${actionTables(name)}\n${out.slice(to)}`;
  }
  return out;
}

if (process.argv[1]?.endsWith('readme-tables.mjs'))
  writeFileSync('README.md', updateReadme(readFileSync('README.md', 'utf8')));
