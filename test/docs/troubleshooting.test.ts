/**
 * The README's troubleshooting table is keyed by the messages the action, the alert and the
 * reusable workflow print. Each message there (a code span in the first column) must still be
 * printed by the code, so that a reworded error cannot leave the table pointing at nothing.
 * Spans marked "(GitHub's words)" or "(Meta's words)" quote the services and are not checked.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ROOT } from '../../scripts/docs-tables.ts'

/** Code spans of a Markdown table cell, each with the text that follows it (up to the next span). */
function codeSpans(cell: string): Array<{ code: string; after: string }> {
  const spans: Array<{ code: string; after: string }> = []
  const pattern = /(`+)\s?([\s\S]*?)\s?\1(?!`)/g
  let match: RegExpExecArray | null
  while ((match = pattern.exec(cell))) {
    const next = cell.slice(pattern.lastIndex).search(/`/)
    spans.push({ code: match[2], after: cell.slice(pattern.lastIndex, next === -1 ? undefined : pattern.lastIndex + next) })
  }
  return spans
}

/**
 * The literal pieces of a source file: the text between quotes, template expressions `${…}` and
 * shell variables, with escaped backticks kept as text. What a message is built from.
 */
function literalPieces(source: string): string[] {
  const pieces: string[] = []
  let piece = ''
  for (let i = 0; i < source.length; i++) {
    const char = source[i]
    if (char === '\\' && source[i + 1] === '`') {
      piece += '`'
      i++
    } else if (char === '$' && source[i + 1] === '{') {
      let depth = 0
      for (; i < source.length; i++) {
        if (source[i] === '{') depth++
        else if (source[i] === '}' && --depth === 0) break
      }
      pieces.push(piece)
      piece = ''
    } else if (char === '$' && /[A-Za-z_(]/.test(source[i + 1] ?? '')) {
      pieces.push(piece)
      piece = ''
    } else if (char === "'" || char === '"' || char === '`' || char === '\n') {
      pieces.push(piece)
      piece = ''
    } else piece += char
  }
  pieces.push(piece)
  return pieces.map(p => p.trim()).filter(p => p.length > 0)
}

/**
 * A message from the README is printed by the code when each of its parts (split where the
 * README writes `…` or a count N) is inside one literal piece, or starts with a piece long
 * enough to be a message's fixed beginning (`The token in \`` + the input's name, …).
 */
function isPrinted(message: string, pieces: string[]): boolean {
  const parts = message
    .split(/…|\bN\b/)
    .map(part => part.trim())
    .filter(part => part.length >= 6)
  return (
    parts.length > 0 && parts.every(part => pieces.some(piece => piece.includes(part) || (piece.length >= 12 && part.startsWith(piece))))
  )
}

function sources(): string[] {
  const files = readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile() && entry.name.endsWith('.ts'))
    .map(entry => join(entry.parentPath, entry.name))
  return [...files, join(ROOT, '.github', 'workflows', 'meta-token-keeper.yml')].map(file => readFileSync(file, 'utf8'))
}

function troubleshootingMessages(readme: string): string[] {
  const section = readme.slice(readme.indexOf('## Troubleshooting'), readme.indexOf('\n## ', readme.indexOf('## Troubleshooting') + 1))
  const rows = section.split('\n').filter(line => line.startsWith('| `'))
  return rows.flatMap(row =>
    codeSpans(row.slice(1, row.indexOf(' | ')))
      .filter(span => !/words\)/.test(span.after) && span.code.length >= 6)
      .map(span => span.code)
  )
}

describe('README troubleshooting', () => {
  it('every message it lists is one the action, the alert or the reusable workflow prints', () => {
    const pieces = sources().flatMap(literalPieces)
    const messages = troubleshootingMessages(readFileSync(join(ROOT, 'docs', 'troubleshooting.md'), 'utf8'))
    assert.ok(messages.length >= 20, `found ${messages.length} messages`)
    assert.deepEqual(
      messages.filter(message => !isPrinted(message, pieces)),
      [],
      'messages in the README that nothing prints (reworded in src/ or the workflow?)'
    )
    assert.ok(!isPrinted('The previous-token record could not be saved', pieces), 'a reworded message is caught')
  })

  it('catches a reworded message, and reads the pieces a message is built from', () => {
    const pieces = literalPieces(
      'throw new ActionError(step, `The token in \\`${input}\\` is not valid${reason}.`)\nproblem "Operation $operation writes a GitHub secret"'
    )
    assert.ok(pieces.includes('The token in `'))
    assert.ok(pieces.includes('` is not valid'))
    assert.ok(isPrinted('The token in `access-token` is not valid', pieces))
    assert.ok(isPrinted('Operation … writes a GitHub secret', pieces))
    assert.ok(!isPrinted('The token in `access-token` has expired', ['The token', '` is not valid']))
    assert.deepEqual(codeSpans("`a` and `` b `c` `` (GitHub's words)"), [
      { code: 'a', after: ' and ' },
      { code: 'b `c`', after: " (GitHub's words)" },
    ])
  })
})
