/**
 * Hygiene checks over a parsed workflow, each returning its violations (empty: clean), so the
 * tests can run them on the real files and on planted mistakes alike.
 */
import { jobs, type Mapping, OWN_WORKFLOW_REF, steps, usesLines, where, type WorkflowFile } from './load.ts'

/** github.md §5.1b: the releases this repository pins, by full commit SHA. */
export const PINNED: Record<string, { version: string; sha: string }> = {
  'actions/checkout': { version: 'v7.0.1', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1' },
  'actions/setup-node': { version: 'v7.0.0', sha: '820762786026740c76f36085b0efc47a31fe5020' },
  'actions/create-github-app-token': { version: 'v3.1.1', sha: '1b10c78c7865c340bc4f6099eb2f838309f1e8c3' },
}

/** This repository's own action, alert or plan action (`OWNER/meta-token-keeper/plan@v1`) or reusable workflows: not third-party. */
export function isOwnRef(ref: string): boolean {
  return (
    ref.startsWith('$/') ||
    ref.startsWith('./') ||
    OWN_WORKFLOW_REF.test(ref) ||
    /^[A-Za-z0-9-]+\/meta-token-keeper(\/(alert|plan))?@v\d+$/.test(ref)
  )
}

/** Third-party `uses:` not pinned to a full commit SHA with `# vX.Y.Z`, or pinned differently from github.md. */
export function unpinnedUses(file: WorkflowFile): string[] {
  const violations: string[] = []
  for (const { line, ref, comment } of usesLines(file)) {
    if (isOwnRef(ref)) continue
    const match = /^([\w.-]+\/[\w.-]+)(\/[^@]*)?@([0-9a-f]{40})$/.exec(ref)
    if (!match) {
      violations.push(`${file.path}:${line}: ${ref} is not pinned to a full commit SHA`)
      continue
    }
    if (!/^v\d+\.\d+\.\d+$/.test(comment)) {
      violations.push(`${file.path}:${line}: ${ref} has no "# vX.Y.Z" comment`)
      continue
    }
    const known = PINNED[match[1]]
    if (known && (known.sha !== match[3] || known.version !== comment))
      violations.push(`${file.path}:${line}: ${match[1]} is not ${known.version} at ${known.sha}`)
  }
  return violations
}

/** `run:` scripts with an expression in them; secrets and inputs must arrive through `env:`. */
export function interpolatedRuns(file: WorkflowFile): string[] {
  return steps(file)
    .filter(s => typeof s.step.run === 'string' && /\$\{\{/.test(s.step.run))
    .map(s => `${where(s)} has \${{ … }} in its script${/\$\{\{[^}]*\b(secrets|inputs)\b/.test(s.step.run) ? ' (secrets or inputs)' : ''}`)
}

/** Missing `permissions` at the top or on a job, and top-level permissions other than read. */
export function permissionProblems(file: WorkflowFile): string[] {
  const problems: string[] = []
  const top = file.doc.permissions as Mapping | string | undefined
  if (top === undefined) problems.push(`${file.path} has no top-level permissions`)
  else if (typeof top !== 'object' || top === null)
    problems.push(`${file.path}: top-level permissions must be a mapping, not ${JSON.stringify(top)}`)
  else for (const [scope, level] of Object.entries(top)) if (level !== 'read') problems.push(`${file.path}: top-level ${scope}: ${level}`)
  for (const [job, spec] of jobs(file)) if (!('permissions' in spec)) problems.push(`${file.path} job ${job} has no permissions`)
  return problems
}

/** `with:` keys of `uses: <ref>` steps that the action's metadata lacks, and required inputs left out. */
export function inputProblems(file: WorkflowFile, ref: string, metadata: Mapping): string[] {
  const known = Object.keys(metadata.inputs ?? {})
  const required = Object.entries((metadata.inputs ?? {}) as Record<string, Mapping>)
    .filter(([, spec]) => spec.required && spec.default === undefined)
    .map(([input]) => input)
  return steps(file)
    .filter(s => s.step.uses === ref)
    .flatMap(s => {
      const given = Object.keys(s.step.with ?? {})
      return [
        ...given.filter(key => !known.includes(key)).map(key => `${where(s)} passes unknown input ${key}`),
        ...required.filter(key => !given.includes(key)).map(key => `${where(s)} leaves out required input ${key}`),
      ]
    })
}
