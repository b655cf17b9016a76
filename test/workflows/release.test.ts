/**
 * The release workflow. Its jobs: dependency code (npm, node, the build) runs only in a job
 * that cannot write, and the job that can write runs git alone, on the commit the other job
 * checked. Its tag step, run with bash against local git repositories: publishing vX.Y.Z moves
 * the major tag vX to the release's commit on the remote, and a tag of another form, a tag
 * that moved since its bundles were checked, a commit not on the default branch or one whose CI
 * did not pass there, moves nothing (`gh`, which asks GitHub about CI's runs, is a fake).
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runBash } from './bash.ts'
import { byPath, jobs, type Mapping, steps, type WorkflowFile } from './load.ts'

const RELEASE = byPath('.github/workflows/release.yml')
const moveStep = steps(RELEASE).find(s => s.step.id === 'move')?.step ?? { run: 'exit 1', env: {} }

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  }).trim()
}

/** Running dependency code: installing or running packages (their scripts), or any Node. */
const DEPENDENCY_CODE = /\b(?:npm|npx|node|yarn|pnpm|corepack|tsx|ncc)\b/

function runsDependencyCode(step: Mapping): boolean {
  if (typeof step.uses === 'string') return step.uses.startsWith('actions/setup-node@') || step.uses.startsWith('./')
  return typeof step.run === 'string' && DEPENDENCY_CODE.test(step.run)
}

function canWrite(job: Mapping): boolean {
  const permissions = job.permissions as Mapping | string | undefined
  if (permissions === undefined || typeof permissions === 'string') return permissions !== 'read-all' && permissions !== ''
  return Object.values(permissions).includes('write')
}

/** What breaks the release workflow's split: dependency code where something can be written, or a write not tied to a checked commit. */
function releaseJobProblems(file: WorkflowFile): string[] {
  const problems: string[] = []
  const all = jobs(file)
  const builders = all.filter(([, job]) => ((job.steps ?? []) as Mapping[]).some(runsDependencyCode))
  if (builders.length === 0) problems.push('no job builds the bundles')
  for (const [name, job] of builders) {
    if (canWrite(job) || JSON.stringify(job.permissions) !== JSON.stringify({ contents: 'read' }))
      problems.push(`job ${name} runs dependency code with permissions ${JSON.stringify(job.permissions)} (only contents: read)`)
    const stepList = (job.steps ?? []) as Mapping[]
    const recorded = /steps\.([\w-]+)\.outputs\.commit/.exec(String(job.outputs?.commit ?? ''))?.[1]
    const recordedAt = recorded === undefined ? -1 : stepList.findIndex(step => step.id === recorded)
    if (recordedAt < 0) problems.push(`job ${name} has no commit output from one of its steps`)
    else if (stepList.slice(0, recordedAt).some(runsDependencyCode))
      problems.push(`job ${name} records the commit it checked after dependency code ran`)
  }
  const writers = all.filter(([, job]) => canWrite(job))
  if (writers.length === 0) problems.push('no job moves the tag')
  for (const [name, job] of writers) {
    for (const step of (job.steps ?? []) as Mapping[]) {
      if (runsDependencyCode(step)) problems.push(`job ${name} can write and runs dependency code: ${step.uses ?? step.name ?? step.run}`)
      else if (typeof step.uses === 'string' && !step.uses.startsWith('actions/checkout@'))
        problems.push(`job ${name} can write and runs ${step.uses}`)
      else if (typeof step.uses === 'string' && step.with?.['persist-credentials'] !== false)
        problems.push(`job ${name} keeps the checkout's credentials`)
    }
    const needs = [job.needs ?? []].flat() as string[]
    const verified = builders.some(
      ([builder]) => needs.includes(builder) && JSON.stringify(job.steps).includes(`needs.${builder}.outputs.commit`)
    )
    if (!verified) problems.push(`job ${name} does not take the commit a build job checked`)
  }
  return problems
}

describe('release: no dependency code where the tag can be written', () => {
  const doctored = (change: (doc: Mapping) => void): WorkflowFile => {
    const doc = structuredClone(RELEASE.doc)
    change(doc)
    return { ...RELEASE, doc }
  }

  it('builds with contents: read only; moves the tag with git alone, on the commit the build checked', () => {
    assert.deepEqual(RELEASE.doc.permissions, {})
    assert.deepEqual(releaseJobProblems(RELEASE), [])
    assert.deepEqual(RELEASE.doc.jobs['major-tag'].needs, 'verify')
  })

  it('fails when the writing job runs npm or node, or the build job may write', () => {
    const cases: Array<[string, (doc: Mapping) => void, string]> = [
      [
        'npm ci in the tag job',
        doc => doc.jobs['major-tag'].steps.splice(1, 0, { run: 'npm ci' }),
        'job major-tag can write and runs dependency code: npm ci',
      ],
      [
        'a repository script run with node',
        doc => doc.jobs['major-tag'].steps.push({ run: 'node scripts/source-hash.ts' }),
        'job major-tag can write and runs dependency code: node scripts/source-hash.ts',
      ],
      [
        'setup-node in the tag job',
        doc => doc.jobs['major-tag'].steps.push({ uses: 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020' }),
        'job major-tag can write and runs dependency code: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020',
      ],
      [
        'contents: write on the build job',
        doc => (doc.jobs.verify.permissions = { contents: 'write' }),
        'job verify runs dependency code with permissions {"contents":"write"} (only contents: read)',
      ],
      [
        'the default permissions on the build job',
        doc => delete doc.jobs.verify.permissions,
        'job verify runs dependency code with permissions undefined (only contents: read)',
      ],
      [
        'the commit recorded after npm ci',
        doc => doc.jobs.verify.steps.push(doc.jobs.verify.steps.splice(1, 1)[0]),
        'job verify records the commit it checked after dependency code ran',
      ],
      [
        'credentials kept by the checkout',
        doc => delete doc.jobs['major-tag'].steps[0].with['persist-credentials'],
        "job major-tag keeps the checkout's credentials",
      ],
      [
        'a tag job that does not wait for the build',
        doc => delete doc.jobs['major-tag'].needs,
        'job major-tag does not take the commit a build job checked',
      ],
    ]
    for (const [what, change, problem] of cases) {
      const problems = releaseJobProblems(doctored(change))
      assert.ok(problems.includes(problem), `${what}: ${problems.join('; ')}`)
    }
  })
})

describe('release: moving the major tag', () => {
  let dir: string
  let remote: string
  let clone: string
  let ghLog: string
  let bin: string
  const commits: string[] = []

  /** The move step, run in the clone: `passed` are the commits CI passed on main. */
  const move = (tag: string, verified: string, passed: string[] = commits) =>
    runBash(
      moveStep.run,
      {
        TAG: tag,
        VERIFIED: verified,
        DEFAULT_BRANCH: 'main',
        PATH: `${bin}:${process.env.PATH}`,
        FAKE_GH_LOG: ghLog,
        FAKE_CI_PASSED: passed.join(' '),
      },
      clone
    )

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mtk-release-'))
    bin = join(dir, 'bin')
    ghLog = join(dir, 'gh.log')
    mkdirSync(bin)
    writeFileSync(ghLog, '')
    // `gh api …/runs?head_sha=SHA&… --jq .total_count`: 1 for a commit CI passed, 0 otherwise.
    writeFileSync(
      join(bin, 'gh'),
      '#!/bin/bash\necho "$*" >> "$FAKE_GH_LOG"\nfor sha in $FAKE_CI_PASSED; do case "$*" in *"head_sha=$sha&"*) echo 1; exit 0;; esac; done\necho 0\n'
    )
    chmodSync(join(bin, 'gh'), 0o755)
    remote = join(dir, 'remote.git')
    clone = join(dir, 'clone')
    git(dir, 'init', '--quiet', '--bare', remote)
    // Not `git clone` of the empty remote: that prints "You appear to have cloned an empty repository."
    git(dir, 'init', '--quiet', clone)
    git(clone, 'remote', 'add', 'origin', remote)
    for (const [i, tag] of ['v1.0.0', 'v1.1.0', 'v2.0.0'].entries()) {
      writeFileSync(join(clone, 'file.txt'), String(i))
      git(clone, 'add', 'file.txt')
      git(clone, 'commit', '--quiet', '-m', `release ${tag}`)
      git(clone, 'tag', tag)
      commits.push(git(clone, 'rev-parse', 'HEAD'))
    }
    git(clone, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main', '--tags')
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const remoteTag = (tag: string) => git(remote, 'rev-parse', `refs/tags/${tag}^{commit}`)

  it('the step exists and takes the tag from the release event, the commit from the verify job', () => {
    assert.notEqual(moveStep.run, 'exit 1', 'release.yml has a step with id move')
    assert.equal(moveStep.env.TAG, '${{ github.event.release.tag_name }}')
    assert.equal(moveStep.env.VERIFIED, '${{ needs.verify.outputs.commit }}')
    assert.equal(moveStep.env.DEFAULT_BRANCH, '${{ github.event.repository.default_branch }}')
    const job = RELEASE.doc.jobs['major-tag']
    assert.deepEqual(job.permissions, { contents: 'write', actions: 'read' }, "CI's runs are read with actions: read")
    assert.equal(job.steps[0].with['fetch-depth'], 0, "the default branch's history is fetched")
  })

  it('v1.0.0, then v1.1.0: v1 follows each release; v2.0.0 starts v2 and leaves v1', () => {
    for (const [tag, major, commit] of [
      ['v1.0.0', 'v1', commits[0]],
      ['v1.1.0', 'v1', commits[1]],
      ['v2.0.0', 'v2', commits[2]],
    ]) {
      const run = move(tag, commit)
      assert.equal(run.code, 0, run.stdout)
      assert.equal(run.outputs.major, major)
      assert.equal(remoteTag(major), commit, `${major} is at ${tag}`)
    }
    assert.equal(remoteTag('v1'), commits[1], 'v1 stays at the last v1 release')
  })

  it('a tag of another form fails and moves nothing', () => {
    for (const tag of ['v1.2', '1.2.0', 'v1.2.0-rc.1']) {
      const run = move(tag, commits[1])
      assert.notEqual(run.code, 0, tag)
      assert.match(run.errors[0] ?? '', /Release tags look like v1\.2\.3/)
    }
    assert.equal(remoteTag('v1'), commits[1])
  })

  it('a tag that moved after its bundles were checked (or no checked commit) fails and moves nothing', () => {
    for (const verified of [commits[0], '']) {
      const run = move('v1.1.0', verified)
      assert.notEqual(run.code, 0)
      assert.match(run.errors[0] ?? '', /v1\.1\.0 is at [0-9a-f]{40}, but the bundles were checked at/)
    }
    assert.equal(remoteTag('v1'), commits[1])
  })

  it('a release tag on a branch not merged into main moves nothing, even with CI passed on it', () => {
    git(clone, 'checkout', '--quiet', '-b', 'unmerged', commits[1])
    writeFileSync(join(clone, 'file.txt'), 'unreviewed')
    git(clone, 'commit', '--quiet', '-am', 'unreviewed change')
    git(clone, 'tag', 'v1.9.0')
    const unmerged = git(clone, 'rev-parse', 'HEAD')
    git(clone, 'push', '--quiet', 'origin', 'refs/tags/v1.9.0')
    git(clone, 'checkout', '--quiet', '--detach', 'v1.9.0')
    const run = move('v1.9.0', unmerged, [...commits, unmerged])
    assert.notEqual(run.code, 0, run.stdout)
    assert.match(run.errors[0] ?? '', /v1\.9\.0 is at [0-9a-f]{40}, which is not on main; the major tag was not moved/)
    assert.equal(remoteTag('v1'), commits[1])
  })

  it('a commit on main whose CI has not passed there moves nothing; CI is asked about that commit on main', () => {
    git(clone, 'checkout', '--quiet', '--detach', 'v1.0.0')
    const run = move('v1.0.0', commits[0], [commits[1], commits[2]])
    assert.notEqual(run.code, 0, run.stdout)
    assert.match(run.errors[0] ?? '', /CI has no successful run of [0-9a-f]{40} on main; the major tag was not moved/)
    assert.equal(remoteTag('v1'), commits[1])
    assert.match(
      readFileSync(ghLog, 'utf8'),
      new RegExp(
        `^api repos/octo-org/app/actions/workflows/ci\\.yml/runs\\?head_sha=${commits[0]}&branch=main&event=push&status=success&per_page=1 --jq \\.total_count$`,
        'm'
      )
    )
  })
})
