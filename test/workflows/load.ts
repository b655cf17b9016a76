/**
 * The repository's workflows, templates and action metadata, parsed with `yaml`, for the
 * structural tests.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { actionFiles, ROOT, workflowFiles } from '../../scripts/lint-workflows.ts'

export { ROOT }

export type Mapping = Record<string, any>

export interface WorkflowFile {
  /** Relative to the repository root. */
  path: string
  text: string
  doc: Mapping
}

export interface Step {
  file: string
  job: string
  index: number
  step: Mapping
}

export const REUSABLE_PATH = '.github/workflows/meta-token-keeper.yml'
/** How templates call the reusable workflow: `OWNER/meta-token-keeper/.github/workflows/meta-token-keeper.yml@v1`. */
export const REUSABLE_REF = /^[A-Za-z0-9-]+\/meta-token-keeper\/\.github\/workflows\/meta-token-keeper\.yml@v\d+$/
/** The many-tokens template's last job: the table of every token. */
export const FLEET_TABLE_PATH = '.github/workflows/meta-token-fleet-table.yml'
/** How a template calls any reusable workflow of this repository: `OWNER/meta-token-keeper/.github/workflows/<file>.yml@v1`. */
export const OWN_WORKFLOW_REF = /^[A-Za-z0-9-]+\/meta-token-keeper\/\.github\/workflows\/[\w.-]+\.ya?ml@v\d+$/

export function load(path: string): WorkflowFile {
  const text = readFileSync(join(ROOT, path), 'utf8')
  return { path, text, doc: parse(text) as Mapping }
}

export const workflows: WorkflowFile[] = workflowFiles().map(load)
export const templates: WorkflowFile[] = workflows.filter(file => file.path.startsWith('workflow-templates/'))
export const repoWorkflows: WorkflowFile[] = workflows.filter(file => file.path.startsWith('.github/workflows/'))
export const actions: WorkflowFile[] = actionFiles()
  .filter(path => existsSync(join(ROOT, path)))
  .map(load)

export function byPath(path: string): WorkflowFile {
  const file = workflows.find(candidate => candidate.path === path)
  if (!file) throw new Error(`no workflow ${path}`)
  return file
}

export function jobs(file: WorkflowFile): Array<[string, Mapping]> {
  return Object.entries((file.doc.jobs ?? {}) as Record<string, Mapping>)
}

export function steps(file: WorkflowFile): Step[] {
  return jobs(file).flatMap(([job, spec]) =>
    ((spec.steps ?? []) as Mapping[]).map((step, index) => ({ file: file.path, job, index, step }))
  )
}

/** A step's name for messages. */
export function where(step: Step): string {
  return `${step.file} job ${step.job} step ${step.step.id ?? step.step.name ?? step.index}`
}

/** Every `uses:` line of a file with its trailing comment (YAML parsers drop comments). */
export function usesLines(file: WorkflowFile): Array<{ line: number; ref: string; comment: string }> {
  return file.text.split('\n').flatMap((line, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*(['"]?)([^'"\s#]+)\1\s*(?:#\s*(.*))?$/.exec(line)
    return match ? [{ line: index + 1, ref: match[2], comment: match[3] ?? '' }] : []
  })
}
