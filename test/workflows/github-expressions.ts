/**
 * `${{ }}` in the workflows, evaluated by GitHub's own expression library (`@actions/expressions`,
 * the evaluator behind GitHub's Actions editor support, from actions/languageservices) over plain
 * test contexts. This module only supplies what the library leaves to its host: the contexts, the
 * status functions (`success()`, `failure()`, `cancelled()`, `always()`, from the job's status),
 * a step's implied `success() &&`, and the string a `with:`/`env:` value becomes.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
 */
import { data, Evaluator, Expr, Lexer, Parser } from '@actions/expressions'
import { FunctionCall } from '@actions/expressions/ast'
import type { FunctionDefinition } from '@actions/expressions/funcs/info'
import { truthy } from '@actions/expressions/result'

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value }
export type Contexts = Record<string, Value> & { job?: { status: string } }

const STATUS_FUNCTIONS = ['always', 'success', 'failure', 'cancelled']

function parse(source: string, contexts: Contexts): Expr {
  const lexed = new Lexer(source).lex()
  const statusFunctions = STATUS_FUNCTIONS.map(name => ({ name, minArgs: 0, maxArgs: 0 }))
  return new Parser(lexed.tokens, Object.keys(contexts), statusFunctions).parse()
}

function statusFunctionsOf(contexts: Contexts): Map<string, FunctionDefinition> {
  const status = contexts.job?.status ?? 'success'
  const holds = { always: true, success: status === 'success', failure: status === 'failure', cancelled: status === 'cancelled' }
  return new Map(
    Object.entries(holds).map(([name, value]) => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) }])
  )
}

function evaluateData(source: string, contexts: Contexts): data.ExpressionData {
  const context = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary
  return new Evaluator(parse(source, contexts), context, statusFunctionsOf(contexts)).evaluate()
}

/** The expression's value as plain JSON (`null` for a missing property). */
export function evaluate(source: string, contexts: Contexts): Value {
  return JSON.parse(JSON.stringify(evaluateData(source, contexts), data.replacer)) as Value
}

/** The text an expression leaves in a string: GitHub's coercion for values, JSON for objects and arrays. */
function asText(value: data.ExpressionData): string {
  return value.primitive ? value.coerceString() : JSON.stringify(value, data.replacer)
}

/** A `with:`/`env:` value: `${{ … }}` segments evaluated and joined into the string. */
export function interpolate(text: unknown, contexts: Contexts): string {
  if (typeof text !== 'string') return text === undefined || text === null ? '' : String(text)
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => asText(evaluateData(expression, contexts)))
}

function callsStatusFunction(node: unknown): boolean {
  if (node instanceof FunctionCall && STATUS_FUNCTIONS.includes(node.functionName.lexeme.toLowerCase())) return true
  if (!(node instanceof Expr)) return false
  return Object.values(node).some(child => (Array.isArray(child) ? child.some(callsStatusFunction) : callsStatusFunction(child)))
}

/** A step's `if:`, with GitHub's implied `success() &&` when it calls no status function. */
export function stepRuns(condition: unknown, contexts: Contexts): boolean {
  if (condition === undefined) return contexts.job?.status === 'success'
  const source = String(condition).replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1')
  const explicit = callsStatusFunction(parse(source, contexts))
  return truthy(evaluateData(explicit ? source : `success() && (${source})`, contexts))
}
