/**
 * The alert, hardened (issue 27, item 6): server text in code spans the alert builds (GitHub
 * links neither `GH-1`, a commit SHA, `@name` nor `#1` there, and no invisible character goes
 * inside a name); only an issue whose marker carries this repository's and secret's key is
 * adopted, even one the same bot opened; every page of labelled issues is read.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseMarkdown, walk } from '../helpers/markdown.ts'
import { assertInertIssue } from './inert-issue.ts'
import { alert, describeAlertRun, fake, failedRotation, healthyRotation, LABEL, RUN_PAGE, useFakeIssues } from './run-alert.ts'

const SHA = '0123456789abcdef0123456789abcdef01234567'

useFakeIssues()

describe('alert: server text links nothing', () => {
  it('GH-1, a commit SHA, a mention and an issue number in the messages stay text, quoted as written', async () => {
    const message = `fixed by GH-1 in ${SHA} (see #12, ask @octocat) | a|b \`x\``
    const run = await alert(
      { ...failedRotation, 'failure-message': message, 'next-step': `Revert ${SHA.slice(0, 7)} (GH-2)` },
      { GITHUB_WORKFLOW: `Rotate GH-3 ${SHA}` }
    )
    assert.equal(run.code, 0, describeAlertRun(run))
    const body = fake.issues[0].body ?? ''
    await assertInertIssue(body, [RUN_PAGE])
    // Read as written: each block's text (plain text and code spans together) is the message, with
    // no escapes or invisible characters; only its own backticks became a code span.
    const blocks: string[] = []
    for (const { node } of walk(await parseMarkdown(body))) {
      if (node.type !== 'paragraph' && node.type !== 'tableCell') continue
      let text = ''
      for (const { node: inner } of walk(node)) if (inner.type === 'text' || inner.type === 'inlineCode') text += String(inner.value)
      blocks.push(text)
    }
    const read = (wanted: string) => blocks.some(block => block.includes(wanted))
    assert.ok(read(message.replace(/`/g, '')), `the message as written among ${JSON.stringify(blocks)}`)
    assert.ok(read(`Revert ${SHA.slice(0, 7)} (GH-2)`))
    assert.ok(read(`Rotate GH-3 ${SHA}`), 'the workflow name, in its table cell')
  })
})

describe('alert: only issues with this repository’s and secret’s marker', () => {
  it('an issue the same bot opened with a marker of another form is not adopted, commented on or closed', async () => {
    for (const marker of [
      '<!-- meta-token-keeper-alert secret="META_ACCESS_TOKEN" level="check" -->',
      '<!-- meta-token-keeper-alert secret="META_ACCESS_TOKEN" key="00000000000000000000" level="check" -->',
    ]) {
      fake.addIssue({ title: 'from another workflow', labels: [LABEL], body: `${marker}\nsomething else`, author: 'github-actions[bot]' })
    }
    const opened = await alert(failedRotation)
    assert.equal(opened.code, 0, describeAlertRun(opened))
    assert.equal(opened.outputs.action, 'opened')
    assert.equal(opened.outputs['issue-number'], '3')
    assert.equal((await alert(healthyRotation)).outputs.action, 'closed')
    assert.deepEqual(
      fake.issues.map(issue => [issue.number, issue.state, issue.comments.length]),
      [
        [1, 'open', 0],
        [2, 'open', 0],
        [3, 'closed', 1],
      ]
    )
  })
})

describe('alert: more than a hundred labelled issues', () => {
  it('finds its own issue past the first page: one issue, commented on, then closed', async () => {
    for (let i = 0; i < 150; i++) fake.addIssue({ title: `other ${i}`, labels: [LABEL], body: 'not an alert' })
    assert.equal((await alert(failedRotation)).outputs.action, 'opened')
    const again = await alert(failedRotation)
    assert.equal(again.code, 0, describeAlertRun(again))
    assert.equal(again.outputs.action, 'commented', 'not a second issue')
    assert.equal((await alert(healthyRotation)).outputs.action, 'closed')
    assert.equal(fake.issues.filter(issue => issue.state === 'open' && issue.body !== 'not an alert').length, 0)
  })
})
