/**
 * What the reader sees (issue 29, item 5): the job summary and the alert issue of each common
 * case, rendered by a GFM parser, read as a person reads them: no raw backticks where code was
 * meant, no escaped or unlinked URL outside code, no empty header cell, no invisible character
 * inside a name people copy, and a title that carries the verdict.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type MarkdownNode, parseMarkdown, renderedText, walk } from '../helpers/markdown.ts'
import { READER_CASE_NAMES, readerCase } from '../helpers/reader-cases.ts'

const INVISIBLE = /[\u200b-\u200f\u2060-\u2064\ufeff]/

/** Text the reader sees outside code: backticks and `\:` there mean Markdown that did not render. */
async function assertReadable(markdown: string, what: string): Promise<void> {
  const tree = await parseMarkdown(markdown)
  const show = (node: MarkdownNode) => `${what}: ${JSON.stringify(renderedText(node) || node.value)}\n${markdown}`
  for (const { node, parent } of walk(tree)) {
    if (node.type === 'text') {
      assert.doesNotMatch(String(node.value), /`/, `a raw backtick in ${show(node)}`)
      assert.doesNotMatch(String(node.value), /\\/, `a backslash (an escape that shows) in ${show(node)}`)
      assert.doesNotMatch(String(node.value), /https?:\/\/|https?\\:/, `a URL neither linked nor in code in ${show(node)}`)
    }
    if (node.type === 'text' || node.type === 'inlineCode')
      assert.doesNotMatch(String(node.value), INVISIBLE, `an invisible character in ${show(node)}`)
    if (node.type === 'table') {
      const header = node.children?.[0]?.children ?? []
      for (const cell of header) assert.notEqual(renderedText(cell).trim(), '', `an empty header cell in ${show(node)}`)
    }
    void parent
  }
}

describe('what the reader sees', () => {
  for (const name of READER_CASE_NAMES) {
    it(`${name}: the summary and the issue render as meant`, async () => {
      const c = await readerCase(name)
      await assertReadable(c.summary, `the summary of ${name}`)
      const title = (await parseMarkdown(c.summary)).children?.[0]
      assert.match(renderedText(title!), c.run.code === 0 ? /✅ \S/ : /❌ \S/, `the title carries the verdict: ${c.summary}`)
      assert.doesNotMatch(renderedText(title!), /✅ succeeded$|❌ failed$/, 'the verdict says what, not only whether')
      if (c.run.code !== 0) assert.match(c.summary, /^## .*\n\n### What went wrong\n/, 'what went wrong comes right after the title')
      if (name.includes('check')) assert.doesNotMatch(c.summary, /rotated|skipped|revoked/, "a check lists no rotation's outputs")
      if (c.issue) {
        await assertReadable(c.issue.body, `the issue of ${name}`)
        const secret = c.issue.title.match(/META_ACCESS_TOKEN/g) ?? []
        assert.equal(secret.length, 1, `the issue title names the secret once: ${c.issue.title}`)
        assert.doesNotMatch(c.issue.body, /the token expiry unknown/)
        assert.doesNotMatch(c.issue.body, /META_SYSTEM_USER_ID|META_TOKEN_SCOPE|meta-token-generate|scheduled rotation workflow/)
      }
    })
  }

  it('the cases that should open an issue do, and the healthy ones do not', async () => {
    const opened = []
    for (const name of ['healthy check', 'expiring check', 'failed deploy', 'emergency without replacement', 'misspelt input']) {
      opened.push([name, (await readerCase(name)).issue !== undefined])
    }
    assert.deepEqual(opened, [
      ['healthy check', false],
      ['expiring check', true],
      ['failed deploy', true],
      ['emergency without replacement', true],
      ['misspelt input', true],
    ])
  })
})
