/**
 * The README's tables of inputs and outputs, generated from action.yml, alert/action.yml and the
 * reusable workflow's `on.workflow_call` so that they cannot drift from the metadata. Each table
 * sits between two marker comments:
 *
 *   <!-- inputs:action -->  …  <!-- /inputs:action -->
 *
 * (`inputs`, `outputs` or, for the workflow, `secrets`; of `action`, `alert` or `workflow`).
 * Columns: name, default (secrets: required), description.
 *
 * Usage: node scripts/docs-tables.ts --write   rewrite the tables in docs/reference.md (npm run docs)
 *        node scripts/docs-tables.ts --check   exit 1 when a table differs (test/docs runs it)
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const ROOT = fileURLToPath(new URL('../', import.meta.url))

/** Where each action's metadata lives, by the name the markers use. */
export const SOURCES = { action: 'action.yml', alert: 'alert/action.yml', workflow: '.github/workflows/meta-token-keeper.yml' } as const

type Source = keyof typeof SOURCES

interface Metadata {
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>
  outputs?: Record<string, { description?: string }>
  /** Only a reusable workflow has them. */
  secrets?: Record<string, { description?: string; required?: boolean }>
}

/** What a file holds in the shape of an action's metadata: a workflow's `on.workflow_call`. */
export function readMetadata(text: string): Metadata {
  const doc = parse(text) as { on?: { workflow_call?: Metadata } } & Metadata
  const call = doc.on?.workflow_call
  return call ? { inputs: call.inputs ?? {}, outputs: call.outputs ?? {}, secrets: call.secrets ?? {} } : doc
}

/**
 * One table cell. Whitespace collapses to single spaces (YAML descriptions may wrap). Outside
 * code spans, characters that Markdown would read as structure are escaped: `<secret-name>`
 * would otherwise vanish as an unknown HTML tag, and a `|` would end the cell. An underscore
 * inside a word (SYSTEM_USER) cannot start emphasis and stays as it is.
 */
export function cell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(`[^`]*`)/)
    .map((part, index) =>
      index % 2 === 1
        ? part.replace(/\|/g, '\\|')
        : part
            .replace(/[\\*[\]|]/g, '\\$&')
            .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
    )
    .join('')
}

/** A name or default value in a code span (none of them holds a backtick). */
function code(value: string): string {
  return `\`${value.replace(/\|/g, '\\|')}\``
}

function defaultCell(spec: { required?: boolean; default?: unknown }): string {
  const value = spec.default === undefined || spec.default === null ? '' : String(spec.default)
  if (value !== '') return code(value)
  return spec.required ? '**required**' : '—'
}

/** The tables of one action's metadata, by marker name (`inputs:action`, `outputs:alert`, …). */
export function renderTables(source: Source, metadata: Metadata): Map<string, string> {
  const inputs = Object.entries(metadata.inputs ?? {}).map(
    ([name, spec]) => `| ${code(name)} | ${defaultCell(spec)} | ${cell(spec.description ?? '')} |`
  )
  const outputs = Object.entries(metadata.outputs ?? {}).map(([name, spec]) => `| ${code(name)} | ${cell(spec.description ?? '')} |`)
  const tables = new Map([
    [`inputs:${source}`, ['| input | default | description |', '|---|---|---|', ...inputs].join('\n')],
    [`outputs:${source}`, ['| output | description |', '|---|---|', ...outputs].join('\n')],
  ])
  if (metadata.secrets) {
    const secrets = Object.entries(metadata.secrets).map(
      ([name, spec]) => `| ${code(name)} | ${spec.required ? '**required**' : '—'} | ${cell(spec.description ?? '')} |`
    )
    tables.set(`secrets:${source}`, ['| secret | required | description |', '|---|---|---|', ...secrets].join('\n'))
  }
  return tables
}

/** Every table, from the metadata files under `root`. */
export function allTables(root = ROOT): Map<string, string> {
  const tables = new Map<string, string>()
  for (const [source, path] of Object.entries(SOURCES) as Array<[Source, string]>) {
    const metadata = readMetadata(readFileSync(join(root, path), 'utf8'))
    for (const [key, table] of renderTables(source, metadata)) tables.set(key, table)
  }
  return tables
}

/**
 * The README with every table put between its markers, and the names of the tables that
 * changed. Throws when a pair of markers is missing or appears twice.
 */
export function updateReadme(readme: string, tables: Map<string, string>): { text: string; changed: string[] } {
  const changed: string[] = []
  let text = readme
  for (const [key, table] of tables) {
    const open = `<!-- ${key} -->`
    const close = `<!-- /${key} -->`
    const start = text.indexOf(open)
    const end = text.indexOf(close)
    if (start === -1 || end === -1 || end < start) throw new Error(`docs/reference.md has no ${open} … ${close} pair`)
    if (text.indexOf(open, start + 1) !== -1 || text.indexOf(close, end + 1) !== -1)
      throw new Error(`docs/reference.md has ${open} more than once`)
    const block = `${open}\n${table}\n${close}`
    if (text.slice(start, end + close.length) !== block) changed.push(key)
    text = text.slice(0, start) + block + text.slice(end + close.length)
  }
  return { text, changed }
}

if (import.meta.main) {
  const mode = process.argv[2]
  if (mode !== '--write' && mode !== '--check') {
    console.error('Usage: node scripts/docs-tables.ts --write | --check')
    process.exit(2)
  }
  const path = join(ROOT, 'docs', 'reference.md')
  const { text, changed } = updateReadme(readFileSync(path, 'utf8'), allTables())
  if (mode === '--write') {
    if (changed.length > 0) writeFileSync(path, text)
    console.log(changed.length > 0 ? `docs/reference.md: rewrote ${changed.join(', ')}.` : 'docs/reference.md: the tables are up to date.')
  } else if (changed.length > 0) {
    console.error(
      `docs/reference.md: ${changed.join(', ')} differ from ${Object.values(SOURCES).join(', ')}. Run \`npm run docs\` and commit docs/reference.md.`
    )
    process.exitCode = 1
  } else {
    console.log(`docs/reference.md: the tables match ${Object.values(SOURCES).join(', ')}.`)
  }
}
