/**
 * What an alert issue (its body, a comment) may render to on GitHub, judged on the parsed
 * Markdown (test/helpers/markdown.ts) rather than on how the alert spells it (the job summary
 * too): the alert's own
 * headings and two-column tables, links only to the pages given, the hidden marker as the only
 * HTML, and nothing that outside text could have added (images, other links, quotes, code
 * blocks, emphasis, footnotes, math). And no mention or issue reference: in an issue GitHub links
 * `@name` (notifying it) and `#123`.
 */
import assert from 'node:assert/strict'
import { type MarkdownNode, parseMarkdown, renderedText, walk } from '../helpers/markdown.ts'

const OWN_HEADINGS = new Set(['What went wrong', 'What to do', 'The admin token', '✅ Healthy again', 'Meta token alert'])
const OWN_STRONG = new Set(['What went wrong', 'What to do', 'The admin token'])
const MARKER = /^<!-- meta-token-keeper-alert secret="[A-Za-z0-9_]*" key="[0-9a-f]{20}" level="(check|write)"( admin="true")? -->$/
const FORBIDDEN = new Set([
  'image',
  'imageReference',
  'linkReference',
  'definition',
  'footnoteReference',
  'footnoteDefinition',
  'footnote',
  'math',
  'inlineMath',
  'blockquote',
  'code',
  'emphasis',
  'delete',
  'break',
])

/** `references: false` for the job summary, where GitHub links neither mentions nor issue numbers. */
export async function assertInertIssue(markdown: string, links: readonly string[] = [], references = true): Promise<void> {
  const tree = await parseMarkdown(markdown)
  const show = (node: MarkdownNode) => `${node.type} ${JSON.stringify(renderedText(node) || node.value)} in:\n${markdown}`
  for (const { node } of walk(tree)) {
    assert.ok(!FORBIDDEN.has(node.type), `outside text made a ${show(node)}`)
    if (node.type === 'html') assert.match(String(node.value), MARKER, `HTML the alert did not write: ${show(node)}`)
    if (node.type === 'link') assert.ok(links.includes(String(node.url)), `a link the alert did not write (${node.url}): ${show(node)}`)
    if (node.type === 'strong') assert.ok(OWN_STRONG.has(renderedText(node)), `bold text the alert did not write: ${show(node)}`)
    if (node.type === 'heading' && node.depth !== 2) {
      const text = renderedText(node)
      assert.ok(
        node.depth === 3 && (OWN_HEADINGS.has(text) || text.startsWith('Failed again: ')),
        `a heading the alert did not write: ${show(node)}`
      )
    }
    if (node.type === 'table') {
      for (const row of node.children ?? []) assert.equal(row.children?.length, 2, `a table row with cells of its own: ${show(row)}`)
    }
  }
  const headings = (tree.children ?? []).filter(block => block.type === 'heading' && block.depth === 2)
  assert.ok(headings.length <= 1, `more than one title: ${markdown}`)
  if (references) {
    // GitHub links these in an issue's text (not inside a code span), escaped or not.
    for (const { node } of walk(tree)) {
      if (node.type !== 'text') continue
      const text = String(node.value)
      assert.doesNotMatch(text, /(?<![\w])@[\p{L}\p{N}_-]/u, `a mention that pings: ${show(node)}`)
      assert.doesNotMatch(text, /(?<![\w])#\p{N}/u, `an issue reference: ${show(node)}`)
      assert.doesNotMatch(text, /GH-\d/i, `an issue reference: ${show(node)}`)
      assert.doesNotMatch(text, /(?<![\p{L}\p{N}])(?=[0-9a-f]*\d)[0-9a-f]{7,40}(?![\p{L}\p{N}])/iu, `a commit SHA: ${show(node)}`)
    }
  }
  // Never an invisible character slipped into a name to break a link.
  assert.doesNotMatch(markdown, /[\u200b-\u200d\u2060\ufeff]/u, `an invisible character:\n${markdown}`)
}
