import { accessSync, constants, statSync, type Stats } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { InputError } from './errors.js'
import type { ReportWait } from './report.js'
import { checkExpression } from './select.js'
import { describeRefusedUrl, parseServiceUrl, resolveApiUrl } from './url.js'

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
export type Method = (typeof METHODS)[number]

/** Spotify's credentials. Every field is a secret except the client id. */
export interface Credentials {
  clientId: string
  clientSecret: string
  refreshToken: string
}

/** One Ads API request, fully built and checked. */
export interface ApiRequest {
  method: Method
  url: URL
  body?: string
}

/** Everything the action was asked to do, parsed and validated. */
export interface ActionInputs {
  credentials: Credentials
  tokenUrl: URL
  apiBaseUrl: URL
  /** Absent when `path` is empty: the step only mints a token. */
  request?: ApiRequest
  /** An absolute path, or absent for the default under RUNNER_TEMP. */
  responseFile?: string
  artifactName?: string
  retentionDays?: number
  failOnHttpError: boolean
  timeoutMs: number
  maxRetries: number
  paging: PagingOptions
  select?: string
  assert?: string
  summary: boolean
  /** Present when the step waits for an async report it creates. */
  report?: ReportWait
}

/** How to fetch a list or report that spans pages. */
export interface PagingOptions {
  paginate: boolean
  maxPages: number
  concurrency: number
}

/** Reads one input by its `action.yml` name; `''` when it is not set. */
export type InputReader = (name: string) => string

const TRUE_VALUES = ['true', 'True', 'TRUE']
const FALSE_VALUES = ['false', 'False', 'FALSE']

/** Characters GitHub refuses in an artifact name. */
// eslint-disable-next-line no-control-regex
const ARTIFACT_NAME_FORBIDDEN = /["<>|*?:\\/\r\n\u0000-\u001f]/

/**
 * Parses and validates every input before anything touches the network.
 * A rejected value throws an `InputError` that names the input and says what
 * it accepts; a secret's value is never repeated in the message.
 */
export function parseInputs(read: InputReader): ActionInputs {
  const credentials = parseCredentials(read)
  const tokenUrl = parseUrlInput(read, 'token-url')
  const apiBaseUrl = parseUrlInput(read, 'api-base-url')
  const request = parseRequest(read, apiBaseUrl)
  const paging = parsePaging(read, request)

  return {
    credentials,
    tokenUrl,
    apiBaseUrl,
    request,
    responseFile: parseFilePath(read, 'response-file', 'response.json'),
    report: parseReportWait(read, request),
    artifactName: parseArtifactName(read),
    retentionDays: parseOptionalInteger(read, 'retention-days', 1, 90),
    failOnHttpError: parseBoolean(read, 'fail-on-http-error', true),
    timeoutMs: parseInteger(read, 'timeout-seconds', 30, 1, 3600) * 1000,
    maxRetries: parseInteger(read, 'max-retries', 3, 0, 10),
    paging,
    select: parseExpression(read, 'select'),
    assert: parseExpression(read, 'assert'),
    summary: parseBoolean(read, 'summary', true)
  }
}

function parsePaging(
  read: InputReader,
  request: ApiRequest | undefined
): PagingOptions {
  const paging = {
    paginate: parseBoolean(read, 'paginate', false),
    maxPages: parseInteger(read, 'max-pages', 1000, 1, 1_000_000),
    concurrency: parseInteger(read, 'concurrency', 4, 1, 16)
  }
  if (paging.paginate && request && request.method !== 'GET') {
    throw new InputError(
      'paginate',
      `works with method GET only, which reads lists and reports; method is ${request.method}`
    )
  }
  return paging
}

function parseExpression(read: InputReader, name: string): string | undefined {
  const expression = read(name).trim()
  if (!expression) return undefined
  checkExpression(name, expression)
  return expression
}

function parseCredentials(read: InputReader): Credentials {
  return {
    clientId: parseSecret(read, 'client-id', /:/),
    clientSecret: parseSecret(read, 'client-secret'),
    refreshToken: parseSecret(read, 'refresh-token')
  }
}

/**
 * A credential is trimmed (a secret pasted with a newline still works), must
 * be present, and must be one word: whitespace inside means a bad paste.
 */
function parseSecret(
  read: InputReader,
  name: string,
  forbidden?: RegExp
): string {
  const value = read(name).trim()
  if (!value) {
    throw new InputError(
      name,
      'is required; pass it from a repository secret, e.g. ${{ secrets.SPOTIFY_' +
        name.toUpperCase().replace(/-/g, '_') +
        ' }}'
    )
  }
  if (/\s/.test(value)) {
    throw new InputError(
      name,
      'contains whitespace inside the value; copy the value again without line breaks or spaces'
    )
  }
  if (forbidden?.test(value)) {
    throw new InputError(name, `must not contain '${forbidden.source}'`)
  }
  return value
}

function parseUrlInput(read: InputReader, name: string): URL {
  const value = read(name).trim()
  const parsed = parseServiceUrl(value)
  if (typeof parsed === 'string') {
    throw new InputError(name, `${parsed} (got ${describeRefusedUrl(value)})`)
  }
  return parsed
}

function parseRequest(
  read: InputReader,
  apiBaseUrl: URL
): ApiRequest | undefined {
  const method = parseMethod(read)
  const query = parseQuery(read)
  const body = parseBody(read, method)
  const path = read('path').trim()
  if (!path) return undefined

  const url = resolveApiUrl(apiBaseUrl, path)
  if (typeof url === 'string') {
    throw new InputError('path', url)
  }
  for (const [key, value] of query) url.searchParams.append(key, value)
  return { method, url, body }
}

function parseMethod(read: InputReader): Method {
  const value = read('method').trim().toUpperCase() || 'GET'
  const method = METHODS.find(m => m === value)
  if (!method) {
    throw new InputError(
      'method',
      `must be one of ${METHODS.join(', ')} (any case); got '${value}'`
    )
  }
  return method
}

/**
 * One `key=value` a line. The value may itself contain `=`; blank lines are
 * skipped. Keys and values are taken literally and percent-encoded on the
 * way out, so `&`, `#` or a line break can never change the request.
 */
export function parseQuery(read: InputReader): [string, string][] {
  const pairs: [string, string][] = []
  const lines = read('query').split(/\r?\n/)
  lines.forEach((line, index) => {
    if (!line.trim()) return
    const at = line.indexOf('=')
    const key = at < 0 ? '' : line.slice(0, at).trim()
    if (!key) {
      throw new InputError(
        'query',
        `line ${index + 1} is not key=value; write one parameter a line, e.g. fields=IMPRESSIONS`
      )
    }
    pairs.push([key, line.slice(at + 1).trim()])
  })
  return pairs
}

function parseBody(read: InputReader, method: Method): string | undefined {
  const body = read('body').trim()
  if (!body) return undefined
  if (method === 'GET') {
    throw new InputError(
      'body',
      'is set, but method is GET, which sends no body; set method to POST, PUT, PATCH or DELETE'
    )
  }
  try {
    JSON.parse(body)
  } catch (error) {
    throw new InputError('body', `must be valid JSON${jsonProblem(error)}`)
  }
  return body
}

/**
 * Why a body does not parse, without any of its text: V8 quotes part of
 * the input in some messages (`Unexpected token 'x', "…" is not valid
 * JSON`), and a body may hold anything.
 */
function jsonProblem(error: unknown): string {
  if (!(error instanceof SyntaxError)) return ''
  const [reason = ''] = error.message.split(', "', 1)
  return reason.includes('"') ? '' : `: ${reason}`
}

/**
 * The response file's folder may not exist yet (it is created on write), but
 * the path must not be a folder, and its nearest existing ancestor must be a
 * folder this job may write in, or the write would fail after the request
 * was made.
 */
function parseFilePath(
  read: InputReader,
  name: string,
  example: string
): string | undefined {
  const value = read(name).trim()
  if (!value) return undefined
  const path = resolve(value)
  if (statIfAny(path)?.isDirectory()) {
    throw new InputError(
      name,
      `is the folder '${path}'; give a file path such as ${join(path, example)}`
    )
  }
  let ancestor = dirname(path)
  let stat = statIfAny(ancestor)
  while (!stat && dirname(ancestor) !== ancestor) {
    ancestor = dirname(ancestor)
    stat = statIfAny(ancestor)
  }
  if (stat && !stat.isDirectory()) {
    throw new InputError(
      name,
      `cannot be created: '${ancestor}' is a file, not a folder`
    )
  }
  if (stat && !isWritable(ancestor)) {
    throw new InputError(
      name,
      `cannot be created: the folder '${ancestor}' is not writable by this process`
    )
  }
  return path
}

/** Whether this process may create files in a folder. */
function isWritable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/**
 * `wait-for-report` follows a report that the request creates, so the
 * request must be the POST to `…/async_reports`.
 */
function parseReportWait(
  read: InputReader,
  request: ApiRequest | undefined
): ReportWait | undefined {
  const pollIntervalMs =
    parseInteger(read, 'poll-interval-seconds', 10, 1, 3600) * 1000
  const waitTimeoutMs =
    parseInteger(read, 'wait-timeout-seconds', 1800, 1, 6 * 3600) * 1000
  const reportFile = parseFilePath(read, 'report-file', 'report.csv')
  if (!parseBoolean(read, 'wait-for-report', false)) return undefined

  const creates =
    request?.method === 'POST' &&
    /\/async_reports\/?$/.test(request.url.pathname)
  if (!creates) {
    throw new InputError(
      'wait-for-report',
      'needs the request that creates the report: method POST and a path ending in ad_accounts/{id}/async_reports'
    )
  }
  return { pollIntervalMs, waitTimeoutMs, reportFile }
}

/** A path's stat, or nothing when it does not exist or cannot be reached. */
function statIfAny(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

function parseArtifactName(read: InputReader): string | undefined {
  const value = read('artifact-name').trim()
  if (!value) return undefined
  if (ARTIFACT_NAME_FORBIDDEN.test(value)) {
    throw new InputError(
      'artifact-name',
      `'${value}' contains a character GitHub refuses in artifact names: " : < > | * ? \\ / or a line break`
    )
  }
  return value
}

/** Booleans as YAML 1.2 core schema spells them, like `core.getBooleanInput`. */
function parseBoolean(
  read: InputReader,
  name: string,
  fallback: boolean
): boolean {
  const value = read(name).trim()
  if (!value) return fallback
  if (TRUE_VALUES.includes(value)) return true
  if (FALSE_VALUES.includes(value)) return false
  throw new InputError(
    name,
    `must be true or false (${[...TRUE_VALUES, ...FALSE_VALUES].join(', ')}); got '${value}'`
  )
}

function parseInteger(
  read: InputReader,
  name: string,
  fallback: number,
  min: number,
  max: number
): number {
  return parseOptionalInteger(read, name, min, max) ?? fallback
}

function parseOptionalInteger(
  read: InputReader,
  name: string,
  min: number,
  max: number
): number | undefined {
  const value = read(name).trim()
  if (!value) return undefined
  const number = /^\d+$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new InputError(
      name,
      `must be a whole number from ${min} to ${max}; got '${value}'`
    )
  }
  return number
}
