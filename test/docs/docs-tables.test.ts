/**
 * The README's input and output tables are generated from action.yml, alert/action.yml and the
 * reusable workflow's workflow_call (scripts/docs-tables.ts): they must match, so they cannot drift.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parse } from 'yaml'
import { allTables, cell, renderTables, ROOT, SOURCES, updateReadme } from '../../scripts/docs-tables.ts'

describe('README tables of inputs and outputs', () => {
  it('match action.yml, alert/action.yml and the reusable workflow (node scripts/docs-tables.ts --check)', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'docs-tables.ts'), '--check'], { cwd: ROOT, encoding: 'utf8' })
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`)
  })

  it('list every input and output of both actions, and every input, secret and output of the reusable workflow', () => {
    const readme = readFileSync(join(ROOT, 'docs', 'reference.md'), 'utf8')
    for (const [source, path] of Object.entries(SOURCES)) {
      const text = readFileSync(join(ROOT, path), 'utf8')
      const metadata = source === 'workflow' ? parse(text).on.workflow_call : parse(text)
      for (const kind of source === 'workflow' ? ['inputs', 'secrets', 'outputs'] : ['inputs', 'outputs']) {
        const table = readme.slice(readme.indexOf(`<!-- ${kind}:${source} -->`), readme.indexOf(`<!-- /${kind}:${source} -->`))
        const names = [...table.matchAll(/^\| `([\w-]+)` \|/gm)].map(m => m[1])
        assert.ok(names.length > 0, `${kind} of ${path}`)
        assert.deepEqual(names, Object.keys(metadata[kind]), `${kind} of ${path}`)
      }
    }
    const workflow = allTables()
    assert.match(workflow.get('secrets:workflow')!, /^\| `META_APP_SECRET` \| — \|/m)
    assert.match(workflow.get('secrets:workflow')!, /^\| `meta-admin-token` \| — \|/m)
    assert.match(workflow.get('inputs:workflow')!, /^\| `alert` \| `true` \|/m)
    assert.match(workflow.get('inputs:workflow')!, /^\| `operation` \| `rotate` \|/m)
    const inputs = allTables().get('inputs:action')!
    assert.match(inputs, /^\| `app-secret` \| \*\*required\*\* \|/m)
    assert.match(inputs, /^\| `meta-app-id` \| — \|/m)
    assert.match(inputs, /^\| `operation` \| `rotate` \|/m)
    assert.match(inputs, /^\| `revoke-token` \| — \|/m)
    assert.match(allTables().get('inputs:alert')!, /^\| `github-token` \| `\$\{\{ github\.token \}\}` \|/m)
  })

  it('report a table that drifted, and put it right', () => {
    const tables = renderTables('action', {
      inputs: { 'app-id': { description: 'The Meta app id.', required: true } },
      outputs: { token: { description: 'The token.' } },
    })
    const stale =
      'intro\n<!-- inputs:action -->\n| old |\n<!-- /inputs:action -->\n\n<!-- outputs:action -->\n<!-- /outputs:action -->\nend\n'
    const { text, changed } = updateReadme(stale, tables)
    assert.deepEqual(changed, ['inputs:action', 'outputs:action'])
    assert.equal(
      text,
      [
        'intro',
        '<!-- inputs:action -->',
        '| input | default | description |',
        '|---|---|---|',
        '| `app-id` | **required** | The Meta app id. |',
        '<!-- /inputs:action -->',
        '',
        '<!-- outputs:action -->',
        '| output | description |',
        '|---|---|',
        '| `token` | The token. |',
        '<!-- /outputs:action -->',
        'end',
        '',
      ].join('\n')
    )
    assert.deepEqual(updateReadme(text, tables).changed, [], 'a second run changes nothing')
  })

  it('refuse a README whose markers are missing or repeated', () => {
    const tables = renderTables('alert', { inputs: {}, outputs: {} })
    assert.throws(
      () => updateReadme('<!-- inputs:alert -->\n<!-- /inputs:alert -->\n', tables),
      /no <!-- outputs:alert --> … <!-- \/outputs:alert --> pair/
    )
    const twice = '<!-- inputs:alert -->\n<!-- /inputs:alert -->\n'.repeat(2) + '<!-- outputs:alert -->\n<!-- /outputs:alert -->\n'
    assert.throws(() => updateReadme(twice, tables), /more than once/)
  })

  it('keep cells inside their table: no HTML tags, no cell breaks, no emphasis out of identifiers', () => {
    assert.equal(cell('Default: <secret-name>_PREVIOUS.'), 'Default: &lt;secret-name&gt;\\_PREVIOUS.')
    assert.equal(cell('a | b, SYSTEM_USER, *x*, [y]'), 'a \\| b, SYSTEM_USER, \\*x\\*, \\[y\\]')
    assert.equal(cell('pass `job.status` or `a|b <c>`'), 'pass `job.status` or `a\\|b <c>`')
    assert.equal(cell('one\n  line'), 'one line')
  })
})
