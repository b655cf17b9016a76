/**
 * Contract check of GitHub REST requests against GitHub's official OpenAPI description
 * (`@octokit/openapi`, generated/api.github.com.json): the path must match a path template, the
 * method must be an operation of it, and the path parameters, the query parameters and the JSON
 * request body must satisfy the operation's schemas (`$ref`s into `components` resolved).
 *
 * The 13 MB description (≈ 0.1 s to parse) is read once per process, on the first check or on
 * `loadGitHubDescription()`; only the operations actually requested get compiled, once each. Unknown query parameters and bodies sent to
 * operations that take none are not reported: GitHub ignores them.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv } from 'ajv'
import type { ErrorObject, ValidateFunction } from 'ajv'

export interface GitHubRequestShape {
  method: string
  /** The path as sent: URL-encoded, without the query string. */
  path: string
  query?: Record<string, string>
  /** The parsed JSON body; undefined when there is none. Ignored when `rawBody` is given. */
  body?: unknown
  /** The body as received ('' = none); unparseable JSON is then a violation of its own. */
  rawBody?: string
}

/** Why GitHub would refuse a request, and how it would answer. */
export interface GitHubRejection {
  /** 404: unknown path or method, or a bad path parameter; 400: unparseable JSON; 422: bad query or body. */
  status: 400 | 404 | 422
  /** GitHub-worded details, e.g. `"key_id" wasn't supplied.` */
  details: string[]
  /** The operationId, when a path template matched, e.g. 'actions/create-or-update-repo-secret'. */
  operation?: string
}

export const SPEC_FILE = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json')

// ---------------------------------------------------------------------------------------------
// Public API

/** The violations of one request, each naming the status GitHub would answer and the operation. */
export function validateGitHubRequest(request: GitHubRequestShape): string[] {
  const rejection = checkGitHubRequest(request)
  return rejection ? describeRejection(rejection) : []
}

/** One line per detail: `[422 actions/create-or-update-repo-secret] "key_id" wasn't supplied.` */
export function describeRejection(rejection: GitHubRejection): string[] {
  const where = rejection.operation ? ` ${rejection.operation}` : ''
  return rejection.details.map(detail => `[${rejection.status}${where}] ${detail}`)
}

/** The message of GitHub's error body for a rejection. */
export function gitHubErrorMessage(rejection: GitHubRejection): string {
  if (rejection.status === 404) return 'Not Found'
  if (rejection.status === 400) return 'Problems parsing JSON'
  return `Invalid request.\n\n${rejection.details.join('\n')}`
}

/** How GitHub would refuse the request; undefined when it keeps to the description. */
export function checkGitHubRequest(request: GitHubRequestShape): GitHubRejection | undefined {
  const method = request.method.toUpperCase() === 'HEAD' ? 'get' : request.method.toLowerCase()
  const match = matchTemplate(request.path)
  if (!match) return { status: 404, details: [`No path of GitHub's REST API matches ${request.path}.`] }
  const { template, params } = match
  if (!template.item[method]) {
    const allowed = Object.keys(template.item)
      .map(m => m.toUpperCase())
      .join(', ')
    return { status: 404, details: [`${request.method.toUpperCase()} is not an operation of ${template.path} (it has ${allowed}).`] }
  }
  const operation = compile(template, method)
  const reject = (status: GitHubRejection['status'], details: string[]): GitHubRejection | undefined =>
    details.length > 0 ? { status, details, operation: operation.id } : undefined

  if (params === undefined) return reject(404, [`${request.path} is not valid URL encoding.`])
  const pathRejection = reject(404, validate(operation.pathParams, params, 'Path parameter'))
  if (pathRejection) return pathRejection

  const body = readBody(request)
  if (operation.body && body.kind === 'invalid') return reject(400, ['Problems parsing JSON'])
  const details = validate(operation.query, { ...request.query }, 'Query parameter')
  if (operation.body) details.push(...bodyProblems(operation, body))
  return reject(422, details)
}

// ---------------------------------------------------------------------------------------------
// The description, loaded once

type Json = Record<string, unknown>

interface Parameter {
  name: string
  in: string
  required?: boolean
  schema?: unknown
}

interface Operation {
  operationId: string
  parameters?: unknown[]
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> }
}

interface Spec {
  paths: Record<string, Record<string, Operation>>
}

interface Template {
  path: string
  segments: string[]
  literals: number
  item: Record<string, Operation>
}

let loaded: { spec: Spec; bySegmentCount: Map<number, Template[]> } | undefined

/**
 * Reads the description now rather than on the first check; the GitHub fake calls it when it
 * starts, so that no request of a timed run waits for the parse.
 */
export function loadGitHubDescription(): void {
  description()
}

function description(): NonNullable<typeof loaded> {
  if (loaded) return loaded
  const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as Spec
  const bySegmentCount = new Map<number, Template[]>()
  for (const [path, item] of Object.entries(spec.paths)) {
    const segments = path.split('/').slice(1)
    const template = { path, segments, literals: segments.filter(s => !isParam(s)).length, item }
    const list = bySegmentCount.get(segments.length) ?? []
    list.push(template)
    bySegmentCount.set(segments.length, list)
  }
  loaded = { spec, bySegmentCount }
  return loaded
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}')
}

/** The most specific template (most literal segments) and its decoded path parameters. */
function matchTemplate(path: string): { template: Template; params: Record<string, string> | undefined } | undefined {
  if (!path.startsWith('/')) return undefined
  const segments = path.split('/').slice(1)
  let best: Template | undefined
  for (const template of description().bySegmentCount.get(segments.length) ?? []) {
    const fits = template.segments.every((part, i) => (isParam(part) ? segments[i] !== '' : part === segments[i]))
    if (fits && (!best || template.literals > best.literals)) best = template
  }
  if (!best) return undefined
  const params: Record<string, string> = {}
  for (const [i, part] of best.segments.entries()) {
    if (!isParam(part)) continue
    try {
      params[part.slice(1, -1)] = decodeURIComponent(segments[i])
    } catch {
      return { template: best, params: undefined }
    }
  }
  return { template: best, params }
}

// ---------------------------------------------------------------------------------------------
// Compiling an operation

interface CompiledOperation {
  id: string
  pathParams: ValidateFunction
  query: ValidateFunction
  /** Only for operations with a JSON request body. */
  body?: ValidateFunction
  bodyRequired: boolean
}

const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false, validateFormats: false } as const
const bodyAjv = new Ajv(AJV_OPTIONS)
/** Path and query values arrive as strings: coerce them to the declared types. */
const paramAjv = new Ajv({ ...AJV_OPTIONS, coerceTypes: 'array' })
const compiled = new Map<string, CompiledOperation>()

function compile(template: Template, method: string): CompiledOperation {
  const key = `${method} ${template.path}`
  const cached = compiled.get(key)
  if (cached) return cached
  const { spec } = description()
  const operation = template.item[method]
  const parameters = (operation.parameters ?? []).map(p => resolve(spec, p) as Parameter)
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema
  const result: CompiledOperation = {
    id: operation.operationId,
    pathParams: paramAjv.compile(parameterSchema(spec, parameters, 'path')),
    query: paramAjv.compile(parameterSchema(spec, parameters, 'query')),
    body: bodySchema === undefined ? undefined : bodyAjv.compile(toJsonSchema(spec, bodySchema, []) as Json),
    bodyRequired: operation.requestBody?.required === true,
  }
  compiled.set(key, result)
  return result
}

function parameterSchema(spec: Spec, parameters: Parameter[], where: 'path' | 'query'): Json {
  const mine = parameters.filter(p => p.in === where)
  return {
    type: 'object',
    properties: Object.fromEntries(mine.map(p => [p.name, toJsonSchema(spec, p.schema ?? {}, [])])),
    required: mine.filter(p => p.required).map(p => p.name),
  }
}

/** Follows a local `$ref` ('#/components/...'). */
function resolve(spec: Spec, node: unknown): unknown {
  const ref = (node as { $ref?: unknown } | null)?.$ref
  if (typeof ref !== 'string') return node
  let target: unknown = spec
  for (const part of ref.replace(/^#\//, '').split('/')) {
    target = (target as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  if (target === undefined) throw new Error(`OpenAPI: unresolvable $ref ${ref}`)
  return target
}

/** Keys whose values are data, not schemas: copied as they are. */
const DATA_KEYS = new Set(['enum', 'default', 'const', 'example', 'examples'])

/**
 * An OpenAPI 3.0 schema as plain JSON Schema: `$ref`s inlined (a recursive one becomes `{}`),
 * `nullable` turned into a `null` type, descriptions and `x-` extensions dropped.
 */
function toJsonSchema(spec: Spec, node: unknown, refs: string[]): unknown {
  if (Array.isArray(node)) return node.map(item => toJsonSchema(spec, item, refs))
  if (node === null || typeof node !== 'object') return node
  const ref = (node as { $ref?: unknown }).$ref
  if (typeof ref === 'string') return refs.includes(ref) ? {} : toJsonSchema(spec, resolve(spec, node), [...refs, ref])
  const schema: Json = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'description' || key.startsWith('x-')) continue
    if (DATA_KEYS.has(key)) schema[key] = value
    else if (key === 'properties') {
      schema[key] = Object.fromEntries(Object.entries(value as Json).map(([name, sub]) => [name, toJsonSchema(spec, sub, refs)]))
    } else schema[key] = toJsonSchema(spec, value, refs)
  }
  return (node as { nullable?: unknown }).nullable === true ? nullable(schema) : schema
}

function nullable(schema: Json): Json {
  if (schema.type === undefined) return { anyOf: [schema, { type: 'null' }] }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type]
  const result: Json = { ...schema, type: [...types, 'null'] }
  if (Array.isArray(schema.enum)) result.enum = [...schema.enum, null]
  return result
}

// ---------------------------------------------------------------------------------------------
// Bodies and error wording (GitHub words schema errors like the json_schema gem)

type Body = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'invalid' }

function readBody(request: GitHubRequestShape): Body {
  if (request.rawBody === undefined) return request.body === undefined ? { kind: 'none' } : { kind: 'json', value: request.body }
  if (request.rawBody.trim() === '') return { kind: 'none' }
  try {
    return { kind: 'json', value: JSON.parse(request.rawBody) }
  } catch {
    return { kind: 'invalid' }
  }
}

/** Only for operations with a JSON body; an unparseable body was answered with 400 before. */
function bodyProblems(operation: CompiledOperation, body: Body): string[] {
  if (body.kind === 'json') return validate(operation.body!, body.value)
  return body.kind === 'none' && operation.bodyRequired ? ["For 'links/0/schema', nil is not an object."] : []
}

/** Runs a validator; `parameter` words the errors for path or query parameters, else for a body. */
function validate(validator: ValidateFunction, data: unknown, parameter?: string): string[] {
  if (validator(data)) return []
  return topErrors(validator.errors ?? []).map(error => wordError(error, parameter))
}

/** Drops the errors of the branches of a failed anyOf/oneOf: the anyOf/oneOf error says it. */
function topErrors(errors: ErrorObject[]): ErrorObject[] {
  const branches = errors.filter(e => e.keyword === 'anyOf' || e.keyword === 'oneOf').map(e => `${e.schemaPath}/`)
  return errors.filter(e => !branches.some(prefix => e.schemaPath.startsWith(prefix)))
}

const ARTICLES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
  null: 'null',
}

/** Ruby-style rendering of a value, as GitHub's messages show it. */
function inspect(value: unknown): string {
  return value === null ? 'nil' : JSON.stringify(value)
}

function wordError(error: ErrorObject, parameter: string | undefined): string {
  const segments = error.instancePath.split('/').slice(1)
  const name = segments[0] ?? ''
  const last = segments.at(-1)
  const where = parameter
    ? `${parameter} "${name}":`
    : `For '${last === undefined ? 'body' : /^\d+$/.test(last) ? 'items' : `properties/${last}`}',`
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return parameter ? `${parameter} "${params.missingProperty}" wasn't supplied.` : `"${params.missingProperty}" wasn't supplied.`
    case 'type': {
      const types = Array.isArray(params.type) ? params.type : String(params.type).split(',')
      return `${where} ${inspect(error.data)} is not ${types.map(t => ARTICLES[t] ?? t).join(' or ')}.`
    }
    case 'enum':
      return `${where} ${inspect(error.data)} is not a member of [${(params.allowedValues as unknown[]).map(inspect).join(', ')}].`
    case 'pattern':
      return `${parameter ? `${where} ` : ''}${String(error.data)} does not match /${String(params.pattern).replace(/\//g, '\\/')}/.`
    case 'additionalProperties':
      return `"${params.additionalProperty}" is not a permitted key.`
    case 'anyOf':
    case 'oneOf':
      return `${where} ${inspect(error.data)} does not match any of the allowed schemas.`
    default:
      return `${where} ${inspect(error.data)} ${error.message ?? `fails ${error.keyword}`}.`
  }
}
