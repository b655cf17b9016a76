/**
 * Promise 8 (docs/promises.md), as checks of a run: text from outside (Graph and GitHub messages,
 * token types) issues no workflow command in the log and adds no Markdown structure to the job
 * summary. HOSTILE_TEXTS are the attempts the tests feed through every channel from outside.
 */
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { type MarkdownNode, parseMarkdown, renderedText, walk } from './markdown.ts'
import type { ActionRun } from './run-action.ts'

/** Hostile text from a server, each with what it tries. */
export const HOSTILE_TEXTS: ReadonlyArray<{ tries: string; text: string }> = [
  { tries: 'a legacy command mid-line that switches off every later command', text: 'Invalid parameter ##[stop-commands]x' },
  { tries: 'a legacy command that masks every "e"', text: 'Bad gateway ##[add-mask]e' },
  { tries: 'a legacy command that sets an output', text: 'USER ##[set-output name=x]y' },
  { tries: 'a legacy command after three #', text: 'x ###[warning]forged' },
  { tries: 'a command on a new line', text: 'oops\n::set-output name=rotated::true' },
  { tries: 'a command after a lone CR', text: 'oops\r::add-mask::e' },
  { tries: 'stop-commands after CRLF', text: 'oops\r\n::stop-commands::pwned' },
  { tries: 'a command after a Unicode line break', text: 'oops\u2028::warning::forged\u0085::error::forged' },
  { tries: 'a command at the start of the text', text: '::error title=Forged::forged' },
  { tries: 'a command after leading whitespace', text: ' \t::group::forged' },
  { tries: 'an escaped line break and command', text: 'x%0A::set-output name=revoked::true' },
  { tries: 'an image', text: '![x](https://evil.example/pixel.png)' },
  { tries: 'a link', text: 'Session expired. [Re-authorize here](https://evil.example/login)' },
  { tries: 'a reference link and its definition', text: '[Re-authorize][1] [1]: https://evil.example' },
  { tries: 'a heading and a fence after a lone CR', text: 'x\r# Forged heading\r```\rswallowed' },
  { tries: 'a heading at the start', text: '# Forged heading' },
  { tries: 'a setext heading, a quote, a list', text: 'x\n===\n> quoted\n- item\n1. item' },
  { tries: 'a fence', text: '```js\nalert(1)\n```' },
  { tries: 'a tilde fence and strikethrough', text: '~~~\nx\n~~~ ~~gone~~' },
  { tries: 'HTML', text: '<img src=x onerror=alert(1)><a href="https://evil.example">click</a><!-- c -->' },
  { tries: 'HTML details', text: '<details open><summary>x</summary>y</details>' },
  { tries: 'table cells', text: 'a | b | c |\n|---|---|---|' },
  { tries: 'bare links', text: 'see https://evil.example/x or www.evil.example or admin@evil.example' },
  { tries: 'an autolink', text: '<https://evil.example>' },
  { tries: 'emphasis and code', text: '**bold** *em* _em_ `code` ``double``' },
  { tries: 'backslashes before markup', text: '\\[x\\](https://evil.example) \\\\| \\' },
  { tries: 'entities', text: '&lt;img src=x&gt; &#91;x&#93;(https://evil.example)' },
  { tries: 'a footnote and math', text: 'x[^1] $$\\href{https://evil.example}{y}$$ $z$' },
  { tries: 'a thematic break', text: '***' },
  { tries: 'an indented code block', text: '    indented' },
  { tries: 'terminal escapes', text: '\u001b[8mhidden\u001b[0m \u001b]8;;https://evil.example\u0007link' },
]

/** Pieces of workflow commands and Markdown, so that random text often holds syntax. */
const SYNTAX = [
  '##[',
  '#',
  '::',
  ':',
  ']',
  '[',
  '](',
  '![',
  ')',
  '<',
  '>',
  '</',
  '<!--',
  '&',
  '&#',
  ';',
  '`',
  '```',
  '~',
  '~~~',
  '*',
  '**',
  '_',
  '__',
  '|',
  '\\',
  '$',
  '$$',
  '@',
  '^',
  '=',
  '-',
  '+',
  '1.',
  '2)',
  '.',
  'https://',
  'http://x.y',
  'www.',
  'mailto:',
  'a@b.co',
  'add-mask',
  'set-output name=x',
  'stop-commands',
  ' ',
  '    ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u0085',
  '\u00a0',
  '\u001b[8m',
  '\u202e',
  '%0A',
  'x',
  'é',
  '😀',
]

/** Text a server could send: syntax pieces, arbitrary code units, the hostile texts. */
export const serverText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(fc.oneof(fc.constantFrom(...SYNTAX), fc.string({ maxLength: 3 })), { maxLength: 12 }).map(parts => parts.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_TEXTS.map(h => h.text)) }
)

/** The workflow commands the action writes itself; any other at the start of a line is an injection. */
const OWN_COMMANDS = new Set(['add-mask', 'debug', 'warning', 'error', 'notice', 'group', 'endgroup'])

/** Where the runner (and a log viewer) starts a new line. */
const LINE_BREAK = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/

/**
 * The log: no `##[` anywhere (the runner looks for it anywhere in a line), no line that starts
 * with a command other than ours, and no line break inside a command's data, except the one
 * line break main() puts before "What to do" in the error annotation.
 */
export function assertInertLog(run: ActionRun): void {
  for (const printed of run.stdout.split('\n')) {
    for (const line of printed.split(LINE_BREAK)) {
      assert.ok(!line.includes('##['), `the log holds a legacy workflow command: ${JSON.stringify(line)}`)
      const command = /^\s*::([^\s:]*)/.exec(line)?.[1]
      if (command !== undefined)
        assert.ok(OWN_COMMANDS.has(command), `the log holds a workflow command of its own: ${JSON.stringify(line)}`)
    }
    const data = /^::(?!add-mask)[^:]*::(.*)$/.exec(printed)?.[1]
    if (data !== undefined) {
      const unescaped = data.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
      assert.doesNotMatch(unescaped.replace('\nWhat to do: ', ' '), LINE_BREAK, `a line break inside a command: ${JSON.stringify(printed)}`)
    }
  }
}

/** The headings the action writes under its title. */
const OWN_HEADINGS = new Set(['Secret targets', 'Assets', 'Deploy runs', 'Warnings', 'Notes', 'What went wrong', 'What to do next'])
/** The only HTML: the `<details>` block that folds the chart of the phases away. */
const DETAILS_OPEN = /^<details><summary>Phases \(\d+\.\d s\)<\/summary>$/

/** The only code block: the chart of the phases, in the form the action writes it. */
const PHASE_CHART = /^gantt\n {2}dateFormat x\n {2}axisFormat %M:%S(?:\n {2}[A-Za-z ]+ \(\d+\.\d s\) :(?:done|crit), p\d+, \d+, \d+)+$/

/** The only links: run pages of dispatched deploy workflows, on the GitHub server. */
const RUN_PAGE = /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/actions\/runs\/\d+$/

/** Inline nodes that outside text may become: plain text (`{% … %}` is a liquid tag to this parser, text to GitHub). */
const TEXT_NODES = new Set(['text', 'liquidNode'])

/**
 * The job summary: the action's own layout and nothing else. Its title with the operation in
 * code (and the same code in the table), its own headings, tables whose rows all have the header's cells, lists of plain items,
 * and one bold step name; no link, image, HTML, code block, quote, footnote or math anywhere.
 */
export async function assertInertSummary(summary: string): Promise<void> {
  const tree = await parseMarkdown(summary)
  const blocks = tree.children ?? []
  const show = (node: MarkdownNode) => `${node.type} ${JSON.stringify(renderedText(node))} in ${JSON.stringify(summary)}`
  assert.equal(blocks[0]?.type, 'heading', 'the summary starts with its title')
  assert.match(renderedText(blocks[0]), /^Meta token: .+ (✅|❌) .+$/, `the title: ${show(blocks[0])}`)
  const failed = /❌/.test(renderedText(blocks[0]))
  const headings = new Set<string>()
  let inDetails = false
  let details = 0
  for (const block of blocks.slice(1)) {
    if (block.type === 'heading') {
      const text = renderedText(block)
      assert.ok(block.depth === 3 && OWN_HEADINGS.has(text) && !headings.has(text), `a heading the action did not write: ${show(block)}`)
      headings.add(text)
    } else if (block.type === 'table') {
      const rows = block.children ?? []
      const width = rows[0]?.children?.length
      assert.ok(
        width === 2 || width === 3 || (width === 4 && headings.has('Assets')) || (width === 5 && headings.has('Deploy runs')),
        `a table the action did not write: ${show(block)}`
      )
      for (const row of rows) assert.equal(row.children?.length, width, `a table row with cells of its own: ${show(row)}`)
    } else if (block.type === 'list') {
      for (const item of block.children ?? [])
        assert.deepEqual(
          item.children?.map(child => child.type),
          ['paragraph'],
          `a list item the action did not write: ${show(item)}`
        )
    } else if (block.type === 'html') {
      const html = String(block.value)
      assert.ok(
        (DETAILS_OPEN.test(html) && !inDetails) || (html === '</details>' && inDetails),
        `HTML the action did not write: ${show(block)}`
      )
      inDetails = html !== '</details>'
      if (inDetails) details++
    } else if (block.type === 'code') {
      assert.ok(
        block.lang === 'mermaid' && PHASE_CHART.test(String(block.value)) && inDetails,
        `a code block the action did not write: ${show(block)}`
      )
    } else {
      assert.equal(block.type, 'paragraph', `a block the action did not write: ${show(block)}`)
    }
  }
  assert.ok(!inDetails && details <= 1, `one closed <details> block at most: ${JSON.stringify(summary)}`)
  let bold = 0
  let verdicts = 0
  for (const { node, parent } of walk(tree)) {
    if (!parent) continue
    if ((node.type === 'code' || node.type === 'html') && parent === tree) continue
    if (node.type === 'link' && RUN_PAGE.test(String(node.url)) && renderedText(node) === 'run') continue
    if (node.children === undefined) {
      // A code span is inert whoever wrote it: GitHub links, renders and resolves nothing inside one.
      if (node.type === 'inlineCode') continue
      assert.ok(TEXT_NODES.has(node.type), `outside text became ${show(node)}`)
    } else if (node.type === 'strong') {
      const isStep = parent.type === 'paragraph' && parent.children?.[0]?.value === 'Step: ' && parent.children[1] === node
      // A failed run's standing, or the timeline's label: a paragraph of its own, outside tables and lists.
      const isVerdict = blocks.includes(parent) && ((parent.children?.length === 1 && failed) || renderedText(node) === 'Timeline:')
      assert.ok(isStep ? bold++ === 0 : isVerdict && verdicts++ === 0, `bold text the action did not write: ${show(node)}`)
    } else {
      assert.ok(CONTAINERS.has(node.type), `outside text became ${show(node)}`)
    }
  }
}

/** The blocks and inline containers of the action's layout. */
const CONTAINERS = new Set(['heading', 'paragraph', 'table', 'tableRow', 'tableCell', 'list', 'listItem'])
