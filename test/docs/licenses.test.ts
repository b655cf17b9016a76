/**
 * Every bundle's licenses.txt carries the notice of every package whose code is in the bundle.
 * The packages are read here from the committed bundle's source maps (every chunk, lazy ones
 * included), and each notice is compared with the package's own license file in node_modules/.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { BUNDLE_DIRS } from '../../scripts/source-hash.ts'
import { assertBundleFresh } from '../helpers/bundle-freshness.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

const squeeze = (text: string): string => text.replace(/\s+/g, ' ').trim()

/** `name@version` → the folder under node_modules/ it was bundled from, for every module in the maps. */
function packagesInMaps(bundle: string): Map<string, string> {
  const found = new Map<string, string>()
  const dir = join(ROOT, bundle)
  for (const map of readdirSync(dir).filter(name => name.endsWith('.js.map'))) {
    for (const source of (JSON.parse(readFileSync(join(dir, map), 'utf8')) as { sources: string[] }).sources) {
      const at = source.indexOf('node_modules/')
      if (at < 0) continue
      const parts = source.slice(at).split('/')
      const last = parts.lastIndexOf('node_modules')
      const folder = parts.slice(0, last + (parts[last + 1].startsWith('@') ? 3 : 2)).join('/')
      const { name, version } = JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8')) as { name: string; version: string }
      found.set(`${name}@${version}`, folder)
    }
  }
  return found
}

/** What is wrong with `licenses` as the notices of `bundle`: one line per package without its notice. */
function missingNotices(bundle: string, licenses: string): string[] {
  const sections = new Map(
    licenses
      .split(/^-{20,}$/m)
      .slice(1)
      .map(section => {
        const [header, ...rest] = section.trim().split('\n')
        return [header.trim(), rest.join('\n')] as const
      })
  )
  const problems: string[] = []
  for (const [id, folder] of packagesInMaps(bundle)) {
    const section = sections.get(id)
    if (section === undefined) {
      problems.push(`${bundle}: ${id} has no entry`)
      continue
    }
    const { license } = JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8')) as { license: string }
    if (!section.startsWith(`License: ${license}\n`)) problems.push(`${bundle}: ${id} does not name its license ${license}`)
    for (const file of readdirSync(join(ROOT, folder)).filter(name => /^licen[cs]e/i.test(name))) {
      if (!squeeze(section).includes(squeeze(readFileSync(join(ROOT, folder, file), 'utf8'))))
        problems.push(`${bundle}: ${id} lacks the text of its ${file}`)
    }
  }
  return problems
}

describe('license notices of the bundles', () => {
  for (const bundle of BUNDLE_DIRS) {
    it(`${bundle}/licenses.txt has the notice of every package in ${bundle}/`, () => {
      assertBundleFresh(join(ROOT, bundle))
      assert.deepEqual(missingNotices(bundle, readFileSync(join(ROOT, bundle, 'licenses.txt'), 'utf8')), [])
    })
  }

  it('a licenses.txt without the notice of @actions/core, or with another text for it, fails', () => {
    const real = readFileSync(join(ROOT, 'dist/licenses.txt'), 'utf8')
    const core = [...packagesInMaps('dist').keys()].find(id => id.startsWith('@actions/core@'))
    assert.ok(core, 'dist/ bundles @actions/core')
    const sections = real.split(/(?=^-{20,}$)/m)
    const withoutCore = sections.filter(section => !section.includes(`\n${core}\n`)).join('')
    assert.notEqual(withoutCore, real)
    assert.deepEqual(missingNotices('dist', withoutCore), [`dist: ${core} has no entry`])

    const noCopyright = real.replace(/(\n@actions\/core@[^\n]+\n[\s\S]*?)Copyright 2019 GitHub/, '$1')
    assert.notEqual(noCopyright, real)
    assert.deepEqual(missingNotices('dist', noCopyright), [`dist: ${core} lacks the text of its LICENSE.md`])
  })
})
