/**
 * The release workflow's tag step, run with bash against local git repositories: publishing
 * vX.Y.Z moves the major tag vX to the release's commit on the remote, and a tag of another
 * form moves nothing.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runBash } from './bash.ts'
import { byPath, steps } from './load.ts'

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

describe('release: moving the major tag', () => {
  let dir: string
  let remote: string
  let clone: string
  const commits: string[] = []

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mtk-release-'))
    remote = join(dir, 'remote.git')
    clone = join(dir, 'clone')
    git(dir, 'init', '--quiet', '--bare', remote)
    git(dir, 'clone', '--quiet', remote, clone)
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

  it('the step exists and takes the tag from the release event', () => {
    assert.notEqual(moveStep.run, 'exit 1', 'release.yml has a step with id move')
    assert.equal(moveStep.env.TAG, '${{ github.event.release.tag_name }}')
  })

  it('v1.0.0, then v1.1.0: v1 follows each release; v2.0.0 starts v2 and leaves v1', () => {
    for (const [tag, major, commit] of [
      ['v1.0.0', 'v1', commits[0]],
      ['v1.1.0', 'v1', commits[1]],
      ['v2.0.0', 'v2', commits[2]],
    ]) {
      const run = runBash(moveStep.run, { TAG: tag }, clone)
      assert.equal(run.code, 0, run.stdout)
      assert.equal(run.outputs.major, major)
      assert.equal(remoteTag(major), commit, `${major} is at ${tag}`)
    }
    assert.equal(remoteTag('v1'), commits[1], 'v1 stays at the last v1 release')
  })

  it('a tag of another form fails and moves nothing', () => {
    for (const tag of ['v1.2', '1.2.0', 'v1.2.0-rc.1']) {
      const run = runBash(moveStep.run, { TAG: tag }, clone)
      assert.notEqual(run.code, 0, tag)
      assert.match(run.errors[0] ?? '', /Release tags look like v1\.2\.3/)
    }
    assert.equal(remoteTag('v1'), commits[1])
  })
})
