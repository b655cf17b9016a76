/**
 * "Nothing loaded that the operation doesn't need": which of dist/'s files a run of the bundle
 * actually loads, seen by a module hook preloaded with NODE_OPTIONS (the lazy chunks are loaded
 * with import(), so the hook sees every one).
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, it } from 'node:test'
import { assertBundleFresh } from '../helpers/bundle-freshness.ts'
import { ROOT } from '../helpers/run-action.ts'
import { describeRun, World } from '../helpers/world.ts'

const DIST = join(ROOT, 'dist')

/** The chunk whose source holds `marker` (chunk ids change between builds, contents do not). */
function chunkHolding(marker: string): string {
  const chunks = readdirSync(DIST).filter(file => /^\d+\.index\.js$/.test(file))
  const found = chunks.filter(file => readFileSync(join(DIST, file), 'utf8').includes(marker))
  assert.equal(found.length, 1, `exactly one chunk of dist/ holds ${marker}`)
  return found[0]
}

describe('what a run loads', () => {
  let world: World
  let dir: string
  let hook: string
  let libsodium: string
  let octokit: string

  before(async () => {
    // A stale dist/ would fail on its chunks before any run could say it is stale.
    assertBundleFresh(DIST)
    libsodium = chunkHolding('crypto_box_seal')
    octokit = chunkHolding('createOrUpdateRepoSecret')
    world = await World.start()
    dir = mkdtempSync(join(tmpdir(), 'mtk-load-'))
    hook = join(dir, 'hook.mjs')
    writeFileSync(
      hook,
      `import { registerHooks } from 'node:module'
import { appendFileSync } from 'node:fs'
registerHooks({ load(url, context, next) { appendFileSync(process.env.LOADED_FILES_LOG, url + '\\n'); return next(url, context) } })
`
    )
  })
  after(async () => {
    await world.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** dist/'s JavaScript files the run loaded. */
  async function loadedBy(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<string[]> {
    const log = join(dir, `loaded-${Math.random().toString(36).slice(2)}`)
    writeFileSync(log, '')
    const run = await world.runBundle(inputs, { NODE_OPTIONS: `--import=${pathToFileURL(hook).href}`, LOADED_FILES_LOG: log, ...env })
    assert.equal(run.code, 0, describeRun(run))
    const distUrl = pathToFileURL(DIST).href
    return [
      ...new Set(
        readFileSync(log, 'utf8')
          .split('\n')
          .filter(url => url.startsWith(distUrl) && url.endsWith('.js'))
          .map(url => basename(new URL(url).pathname))
      ),
    ].sort()
  }

  it('check loads the entry only: no Octokit, no libsodium', async () => {
    assert.deepEqual(await loadedBy({ operation: 'check', 'secret-name': '' }), ['index.js'])
  })

  it('a dry-run rotation reads the public keys with Octokit but seals nothing, so loads no libsodium', async () => {
    assert.deepEqual(
      await loadedBy({ operation: 'rotate', 'secret-targets': 'octo-org/site', 'dry-run': 'true' }),
      ['index.js', octokit].sort()
    )
  })

  // Last: the rotation revokes the world's token.
  it('rotate loads Octokit and libsodium', async () => {
    assert.deepEqual(await loadedBy({ operation: 'rotate', 'secret-targets': 'octo-org/site' }), [libsodium, 'index.js', octokit].sort())
  })
})
