/**
 * Promise 8 (docs/promises.md), one function at a time: logText makes any text one log line that issues no
 * workflow command; markdownText makes any text render as itself in the job summary, adding
 * no structure, also inside a table cell; renderSummary, given hostile text in every field that
 * can hold outside words, keeps its own layout. The hostile texts of the end-to-end table run
 * first, then fast-check's arbitrary text (biased towards the syntax of commands and Markdown).
 * A failure prints fast-check's seed and path: pass them to fc.assert to replay it.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { logText, markdownText, messageMarkdown } from '../../src/text/inert-text.ts'
import { Report } from '../../src/report/report.ts'
import { renderSummary } from '../../src/report/summary.ts'
import { assertInertLog, assertInertSummary, HOSTILE_TEXTS, serverText } from '../helpers/inert.ts'
import { parseMarkdown, renderedText } from '../helpers/markdown.ts'
import { readStdout } from '../helpers/run-action.ts'

/** What the reader must see of a text: one line, trimmed, control characters shown as �. */
function expectedText(text: string): string {
  return text
    .replace(/\r\n|[\t\n\r\v\f\u0085\u2028\u2029]/g, ' ')
    .replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, '\ufffd')
    .trim()
}

/** fast-check counts `examples` as runs: these random runs come on top of them. */
const EXAMPLES = HOSTILE_TEXTS.map(h => [h.text] as [string])

function assertLogLine(text: string): void {
  const line = logText(text)
  assert.ok(!line.includes('##['), `##[ survives: ${JSON.stringify(line)}`)
  assert.doesNotMatch(line, /[\r\n\v\f\u0085\u2028\u2029]/, `a line break survives: ${JSON.stringify(line)}`)
  assert.doesNotMatch(line, /^\s*::/, `a leading :: survives: ${JSON.stringify(line)}`)
  // What the runner would read, printed the way @actions/core prints an info line.
  assertInertLog({ ...readStdout(`${line}\n`), code: 0, stderr: '', outputs: {}, summary: '', durationMs: 0 })
}

async function assertRendersAsItself(text: string): Promise<void> {
  const escaped = markdownText(text)
  const expected = expectedText(text)
  const paragraph = await parseMarkdown(`Before.\n\n${escaped}\n\nAfter.`)
  const blocks = paragraph.children ?? []
  const middle = expected === '' ? [] : [blocks[1]]
  assert.deepEqual(
    blocks.map(b => b.type),
    ['paragraph', ...middle.map(() => 'paragraph'), 'paragraph'],
    `one paragraph: ${JSON.stringify(escaped)}`
  )
  for (const block of middle) {
    assert.ok(
      block.children?.every(child => child.type === 'text'),
      `plain text only: ${JSON.stringify(escaped)} → ${JSON.stringify(block.children)}`
    )
    assert.equal(renderedText(block), expected, `renders as itself: ${JSON.stringify(escaped)}`)
  }
  const table = await parseMarkdown(`| a | b |\n|---|---|\n| x | ${escaped} |\n| y | z |`)
  const rows = table.children?.[0]?.children ?? []
  assert.deepEqual(
    rows.map(row => row.children?.length),
    [2, 2, 2],
    `the same cells in a table: ${JSON.stringify(escaped)}`
  )
  assert.equal(renderedText(rows[1].children?.[1] ?? { type: 'none' }), expected, `renders as itself in a cell: ${JSON.stringify(escaped)}`)
}

describe('logText', () => {
  for (const { tries, text } of HOSTILE_TEXTS) it(`neutralises ${tries}`, () => assertLogLine(text))

  it('keeps text that needs nothing taken away as it is', () => {
    const line =
      'Meta oauth/access_token: (#100) Invalid parameter: `fb_exchange_token` (code 100, fbtrace_id AbC-123_x); retrying in 1.5 s'
    assert.equal(logText(line), line)
    assert.equal(logText('a # [b] ## [c] :: d'), 'a # [b] ## [c] :: d')
  })

  it('turns ##[ into # #[ and a leading :: into : :', () => {
    assert.equal(logText('x ##[add-mask]e'), 'x # #[add-mask]e')
    assert.equal(logText(' ::warning::x'), ' : :warning::x')
    assert.equal(logText('a\r\nb\rc\nd'), 'a b c d')
  })

  it('makes arbitrary server text one inert log line', () => {
    fc.assert(
      fc.property(serverText, text => assertLogLine(text)),
      { numRuns: 1000 + EXAMPLES.length, examples: EXAMPLES }
    )
  })
})

describe('markdownText', () => {
  for (const { tries, text } of HOSTILE_TEXTS) it(`renders ${tries} as text`, () => assertRendersAsItself(text))

  it('keeps words readable: underscores inside words, punctuation of prose', () => {
    assert.equal(markdownText('SYSTEM_USER debug_token (code 190, subcode 463).'), 'SYSTEM_USER debug_token (code 190, subcode 463).')
    assert.equal(markdownText('Input `app-id`: must be digits'), 'Input \\`app-id\\`: must be digits')
    assert.equal(markdownText('see https://x.example'), 'see https\\://x.example')
  })

  it('renders arbitrary server text as itself, in a paragraph and in a table cell', async () => {
    await fc.assert(
      fc.asyncProperty(serverText, text => assertRendersAsItself(text)),
      { numRuns: 200 + EXAMPLES.length, examples: EXAMPLES }
    )
  })
})

/**
 * Hostile text that plays with the code spans messageMarkdown builds: backticks inside and around
 * them, runs longer than its one-backtick delimiter, a backslash before its closing backtick, a
 * `|` inside one. None may end a span early and turn the rest into a link, image, heading, fence,
 * HTML or a table cell.
 */
const CODE_SPAN_TEXTS: ReadonlyArray<{ tries: string; text: string }> = [
  { tries: 'a link in a code span', text: 'see `[x](https://evil.example)` now' },
  { tries: 'an image and HTML in code spans', text: '`![x](https://evil.example/p.png)` `<img src=x onerror=alert(1)>`' },
  { tries: 'a pipe inside a code span', text: '`a | b` | c `|` `x|`' },
  { tries: 'double and triple runs', text: '``a`` and ```b``` then [x](https://evil.example)' },
  { tries: 'a run longer than the delimiter inside a pair', text: '`a```[x](https://evil.example)```b`' },
  { tries: 'adjacent code spans around a link', text: '`a``[x](https://evil.example)`' },
  { tries: 'a lone backtick before a link', text: '` [x](https://evil.example) <b>bold</b>' },
  { tries: 'a backslash before the closing backtick', text: '`a\\` [x](https://evil.example) `b\\`' },
  { tries: 'escaped backticks around a link', text: '\\`[x](https://evil.example)\\`' },
  { tries: 'a code span, then a heading marker', text: '`#` # x' },
  { tries: 'a code span at the start, then a fence', text: '`x` ```js alert(1) ```' },
  { tries: 'a fence opened by a code span', text: '```js\nalert(1)\n```' },
  { tries: 'a code span before an autolink', text: '`a`<https://evil.example>' },
  { tries: 'a whitespace-only span before a link', text: '` ` [x](https://evil.example)' },
  { tries: 'a mention and a reference, in code and not', text: '`@octocat` @octocat `#1` #1 GH-2' },
  { tries: 'a URL with a pipe and a backtick', text: 'https://evil.example/a|b`c`[x](y)' },
]

/** In a paragraph and in a table cell: text and code only, the cells as they were, no mention outside code. */
async function assertInertMessage(text: string, references: boolean): Promise<void> {
  const rendered = messageMarkdown(text, references)
  const show = JSON.stringify(rendered)
  const inline = (nodes: readonly { type: string }[] | undefined) =>
    (nodes ?? []).every(node => node.type === 'text' || node.type === 'inlineCode')
  const tree = await parseMarkdown(`Before.\n\n${rendered}\n\nAfter.`)
  const blocks = tree.children ?? []
  assert.deepEqual(
    blocks.map(block => block.type),
    rendered === '' ? ['paragraph', 'paragraph'] : ['paragraph', 'paragraph', 'paragraph'],
    `one paragraph: ${show}`
  )
  if (rendered !== '') {
    assert.ok(inline(blocks[1].children), `text and code only: ${show} → ${JSON.stringify(blocks[1].children)}`)
    // Every character the reader should see is there, whether as text or as code.
    const visible = (value: string) => value.replace(/[`\s]/g, '')
    assert.equal(visible(renderedText(blocks[1])), visible(expectedText(text)), `renders its characters: ${show}`)
    if (references) {
      for (const node of blocks[1].children ?? []) {
        if (node.type !== 'text') continue
        assert.doesNotMatch(String(node.value), /@[\p{L}\p{N}_-]|#\p{N}|GH-\p{N}/u, `a mention or reference outside code: ${show}`)
      }
    }
  }
  const table = await parseMarkdown(`| a | b |\n|---|---|\n| x | ${rendered} |\n| y | z |`)
  const rows = table.children?.[0]?.children ?? []
  assert.deepEqual(
    rows.map(row => row.children?.length),
    [2, 2, 2],
    `the same cells in a table: ${show}`
  )
  assert.ok(inline(rows[1].children?.[1]?.children), `text and code only in a cell: ${show}`)
}

describe('messageMarkdown', () => {
  for (const { tries, text } of [...HOSTILE_TEXTS, ...CODE_SPAN_TEXTS]) {
    it(`keeps ${tries} inert, in a summary and in an issue`, async () => {
      await assertInertMessage(text, false)
      await assertInertMessage(text, true)
    })
  }

  it('renders our own code spans and URLs as code, and escapes the rest', () => {
    assert.equal(messageMarkdown('Input `app-id`: must be digits'), 'Input `app-id`: must be digits')
    assert.equal(messageMarkdown('see https://x.example/a, then [x](y)'), 'see `https://x.example/a`, then \\[x\\](y)')
    assert.equal(messageMarkdown('`a|b`'), '`a`\\|`b`')
    assert.equal(messageMarkdown('ping @octocat and @octo-org/admins on #12', true), 'ping `@octocat` and `@octo-org/admins` on `#12`')
  })

  it('keeps arbitrary server text inert, in a paragraph and in a table cell', async () => {
    const examples = [...HOSTILE_TEXTS, ...CODE_SPAN_TEXTS].map(h => [h.text, true] as [string, boolean])
    await fc.assert(
      fc.asyncProperty(serverText, fc.boolean(), (text, references) => assertInertMessage(text, references)),
      { numRuns: 300 + examples.length, examples }
    )
  })
})

describe('renderSummary', () => {
  /** A failed rotation whose every text that can hold outside words holds `text`. */
  function reportWith(text: string): Report {
    const report = new Report('rotate')
    report.result = text
    report.tokenType = text
    report.target('octo-org/app', 'failed', text)
    report.target(`octo-org/app:${text}`, 'unwritable', text)
    report.warnings.push(text, `Target not writable: ${text}`)
    report.notes.push(text)
    report.failure = { step: text, message: `Meta debug_token: ${text} (code 100)`, fix: `Check ${text}` }
    return report
  }

  it('keeps its own layout whatever the servers said', async () => {
    await fc.assert(
      fc.asyncProperty(serverText, async text => {
        const summary = renderSummary(reportWith(text))
        await assertInertSummary(summary)
        const tree = await parseMarkdown(summary)
        const headings = (tree.children ?? []).filter(block => block.type === 'heading').map(renderedText)
        // The title names the failed step (the outside text), then what went wrong and what to do, then the rest.
        assert.ok(headings[0]?.startsWith('Meta token: rotate ❌ failed to'), `the title: ${headings[0]}`)
        assert.deepEqual(headings.slice(1), ['What went wrong', 'What to do next', 'Secret targets', 'Warnings', 'Notes'])
      }),
      { numRuns: 100 + EXAMPLES.length, examples: EXAMPLES }
    )
  })

  it('redacts each text before escaping it, so that escaping cannot split a secret', () => {
    const secret = '1234567890|fake_secret*value'
    const summary = renderSummary(reportWith(`token ${secret}`), text => text.split(secret).join('***'))
    assert.ok(!summary.includes('fake'), summary)
  })
})
