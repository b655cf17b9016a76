/**
 * Promise 8 of the contract, as checks of a run: text from outside (Graph and GitHub messages,
 * token types) issues no workflow command in the log and adds no Markdown structure to the job
 * summary. HOSTILE_TEXTS are the attempts the tests feed through every channel from outside.
 */
import assert from 'node:assert/strict'
import fc from 'fast-check'
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
