/**
 * Just enough of GitHub's expression language to run the reusable workflow's wiring in tests:
 * property paths (names may contain `-`) and index access (`secrets[inputs.name]`),
 * string/number/boolean/null literals, `==`, `!=`, `!`, `&&`, `||` (which return an operand, as
 * GitHub's do), parentheses, the status functions and `format()`. String comparison ignores
 * case, as GitHub's does.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
 */

export type Value = string | number | boolean | null | { [key: string]: Value }
export type Contexts = Record<string, Value> & { job?: { status: string } }

const TOKEN = /\s*(?:(\|\||&&|==|!=|!|\(|\)|\[|\]|,)|'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)\b|([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*))/y

interface Lexed {
  kind: 'op' | 'string' | 'number' | 'path'
  text: string
}

function lex(source: string): Lexed[] {
  const tokens: Lexed[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break
    const match = TOKEN.exec(source)
    if (!match) throw new Error(`cannot read expression at: ${source.slice(TOKEN.lastIndex)}`)
    if (match[1]) tokens.push({ kind: 'op', text: match[1] })
    else if (match[2] !== undefined) tokens.push({ kind: 'string', text: match[2].replace(/''/g, "'") })
    else if (match[3]) tokens.push({ kind: 'number', text: match[3] })
    else tokens.push({ kind: 'path', text: match[4] })
  }
  return tokens
}

export function truthy(value: Value): boolean {
  return !(value === null || value === false || value === '' || value === 0)
}

function equal(a: Value, b: Value): boolean {
  const text = (v: Value): string => (v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)).toLowerCase()
  return text(a) === text(b)
}

function lookup(path: string, contexts: Contexts): Value {
  let value: Value | undefined = contexts
  for (const part of path.split('.')) {
    value = value && typeof value === 'object' ? (value as Record<string, Value>)[part] : undefined
    if (value === undefined) return null
  }
  return value ?? null
}

export function evaluate(source: string, contexts: Contexts): Value {
  const tokens = lex(source)
  let at = 0
  const peek = (): Lexed | undefined => tokens[at]
  const isOp = (text: string): boolean => peek()?.kind === 'op' && peek()?.text === text

  function primary(): Value {
    const token = tokens[at++]
    if (!token) throw new Error(`unexpected end of expression: ${source}`)
    if (token.kind === 'op' && token.text === '(') {
      const value = or()
      if (!isOp(')')) throw new Error(`missing ) in ${source}`)
      at++
      return value
    }
    if (token.kind === 'string') return token.text
    if (token.kind === 'number') return Number(token.text)
    if (token.kind === 'path' && isOp('(')) return call(token.text)
    if (token.kind === 'path') {
      if (token.text === 'true') return true
      if (token.text === 'false') return false
      if (token.text === 'null') return null
      let value = lookup(token.text, contexts)
      while (isOp('[')) {
        at++
        const key = or()
        if (!isOp(']')) throw new Error(`missing ] in ${source}`)
        at++
        value = value && typeof value === 'object' ? ((value as Record<string, Value>)[asString(key)] ?? null) : null
      }
      return value
    }
    throw new Error(`unexpected ${token.text} in ${source}`)
  }
  function call(name: string): Value {
    at++ // (
    const args: Value[] = []
    while (!isOp(')')) {
      args.push(or())
      if (isOp(',')) at++
      else if (!isOp(')')) throw new Error(`missing ) in ${source}`)
    }
    at++
    const status = contexts.job?.status ?? 'success'
    if (name === 'always') return true
    if (name === 'success') return status === 'success'
    if (name === 'failure') return status === 'failure'
    if (name === 'cancelled') return status === 'cancelled'
    if (name === 'format') return asString(args[0]).replace(/\{(\d+)\}/g, (_, i: string) => asString(args[Number(i) + 1] ?? null))
    throw new Error(`unsupported function ${name}()`)
  }
  function unary(): Value {
    if (isOp('!')) {
      at++
      return !truthy(unary())
    }
    return primary()
  }
  function comparison(): Value {
    const left = unary()
    if (isOp('==') || isOp('!=')) {
      const negate = tokens[at++].text === '!='
      return equal(left, unary()) !== negate
    }
    return left
  }
  function and(): Value {
    let value = comparison()
    while (isOp('&&')) {
      at++
      const right = comparison()
      value = truthy(value) ? right : value
    }
    return value
  }
  function or(): Value {
    let value = and()
    while (isOp('||')) {
      at++
      const right = and()
      value = truthy(value) ? value : right
    }
    return value
  }
  const result = or()
  if (at !== tokens.length) throw new Error(`unexpected ${tokens[at].text} in ${source}`)
  return result
}

function asString(value: Value): string {
  if (value === null) return ''
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/** A `with:`/`env:` value: `${{ … }}` segments evaluated and joined into the string. */
export function interpolate(text: unknown, contexts: Contexts): string {
  if (typeof text !== 'string') return asString((text ?? null) as Value)
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => asString(evaluate(expression, contexts)))
}

/** A step's `if:` (with GitHub's implied `success() &&` when it names no status function). */
export function stepRuns(condition: unknown, contexts: Contexts): boolean {
  if (condition === undefined) return contexts.job?.status === 'success'
  const source = String(condition).replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1')
  const explicit = /\b(always|success|failure|cancelled)\(\)/.test(source)
  return truthy(evaluate(explicit ? source : `success() && (${source})`, contexts))
}
