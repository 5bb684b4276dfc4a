import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { InputError } from '../src/errors.js'
import { parseInputs, type ActionInputs } from '../src/inputs.js'

const CLIENT_SECRET = 'cl13nt-s3cr3t-value'
const REFRESH_TOKEN = 'r3fr3sh-t0k3n-value'

const SECRETS = {
  'client-id': 'my-client-id',
  'client-secret': CLIENT_SECRET,
  'refresh-token': REFRESH_TOKEN
}

/** The defaults `action.yml` declares, as the runner fills them in. */
function actionDefaults(): Record<string, string> {
  const action = parse(readFileSync('action.yml', 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [
      name,
      input.default ?? ''
    ])
  )
}

const DEFAULTS = actionDefaults()

/** Reads inputs the way `core.getInput` does: `''` for an unset input. */
function parseWith(inputs: Record<string, string>): ActionInputs {
  const values: Record<string, string> = { ...DEFAULTS, ...SECRETS, ...inputs }
  return parseInputs(name => values[name] ?? '')
}

/** The `InputError` that the inputs are refused with. */
function refusal(inputs: Record<string, string>): InputError {
  try {
    parseWith(inputs)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error(`parseInputs accepted ${JSON.stringify(inputs)}`)
}

let folder: string

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'inputs-test-'))
  mkdirSync(join(folder, 'existing'))
  writeFileSync(join(folder, 'a-file'), 'not a folder')
})

afterAll(() => {
  rmSync(folder, { recursive: true, force: true })
})

describe('parseInputs', () => {
  it('applies the defaults of action.yml', () => {
    expect(DEFAULTS).toMatchObject({
      method: 'GET',
      'fail-on-http-error': 'true',
      'timeout-seconds': '30',
      'max-retries': '3'
    })

    const inputs = parseWith({})

    expect(inputs).toMatchObject({
      credentials: {
        clientId: 'my-client-id',
        clientSecret: CLIENT_SECRET,
        refreshToken: REFRESH_TOKEN
      },
      tokenUrl: new URL('https://accounts.spotify.com/api/token'),
      apiBaseUrl: new URL('https://api-partner.spotify.com/ads/v3'),
      failOnHttpError: true,
      timeoutMs: 30_000,
      maxRetries: 3
    })
    expect(inputs.request).toBeUndefined()
    expect(inputs.responseFile).toBeUndefined()
    expect(inputs.artifactName).toBeUndefined()
    expect(inputs.retentionDays).toBeUndefined()
  })

  it('builds the request from path, method and body', () => {
    const { request } = parseWith({
      path: '/ad_accounts/a-1/campaigns',
      method: 'post',
      body: ' {"name": "Spring"} \n'
    })

    expect(request).toEqual({
      method: 'POST',
      url: new URL(
        'https://api-partner.spotify.com/ads/v3/ad_accounts/a-1/campaigns'
      ),
      body: '{"name": "Spring"}'
    })
  })

  it('reads a v2 URL on the same origin as the path', () => {
    const { request } = parseWith({
      path: 'https://api-partner.spotify.com/ads/v2/ad_accounts'
    })

    expect(request?.url.href).toBe(
      'https://api-partner.spotify.com/ads/v2/ad_accounts'
    )
  })

  it('trims secrets pasted with surrounding whitespace or a newline', () => {
    const { credentials } = parseWith({
      'client-id': '  my-client-id ',
      'client-secret': `${CLIENT_SECRET}\n`,
      'refresh-token': `\t${REFRESH_TOKEN}\r\n`
    })

    expect(credentials).toEqual({
      clientId: 'my-client-id',
      clientSecret: CLIENT_SECRET,
      refreshToken: REFRESH_TOKEN
    })
  })

  it.each([
    ['GET', 'GET'],
    ['get', 'GET'],
    ['Post', 'POST'],
    [' patch ', 'PATCH'],
    ['put', 'PUT'],
    ['DeLeTe', 'DELETE'],
    ['', 'GET']
  ])('accepts the method %j as %s', (method, expected) => {
    expect(parseWith({ method, path: 'businesses' }).request?.method).toBe(
      expected
    )
  })

  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    [' false ', false],
    ['', true]
  ])('reads fail-on-http-error %j as %s', (value, expected) => {
    expect(parseWith({ 'fail-on-http-error': value }).failOnHttpError).toBe(
      expected
    )
  })

  it.each([
    ['timeout-seconds', '1', { timeoutMs: 1000 }],
    ['timeout-seconds', '3600', { timeoutMs: 3_600_000 }],
    ['timeout-seconds', ' 45 ', { timeoutMs: 45_000 }],
    ['max-retries', '0', { maxRetries: 0 }],
    ['max-retries', '10', { maxRetries: 10 }],
    ['retention-days', '1', { retentionDays: 1 }],
    ['retention-days', '90', { retentionDays: 90 }],
    ['retention-days', '', { retentionDays: undefined }]
  ])('accepts %s %j', (input, value, expected) => {
    expect(parseWith({ [input]: value })).toMatchObject(expected)
  })

  it.each([
    'spotify-report',
    'report 2026-01-31',
    'rapport_été.v2',
    '  padded  '
  ])('accepts the artifact name %j', name => {
    expect(parseWith({ 'artifact-name': name }).artifactName).toBe(name.trim())
  })

  it.each([
    ['http://127.0.0.1:8123/api/token', 'http://127.0.0.1:8123/ads/v3'],
    ['http://localhost:8123/api/token', 'http://localhost:8123/ads/v3']
  ])('accepts loopback service URLs over http (%s)', (tokenUrl, apiBase) => {
    const inputs = parseWith({
      'token-url': tokenUrl,
      'api-base-url': apiBase,
      path: 'businesses'
    })

    expect(inputs.tokenUrl.href).toBe(tokenUrl)
    expect(inputs.request?.url.href).toBe(`${apiBase}/businesses`)
  })
})

describe('parseInputs: query', () => {
  function search(query: string, path = 'businesses'): URL {
    const url = parseWith({ path, query }).request?.url
    if (!url) throw new Error('no request was built')
    return url
  }

  it('sends a key given twice twice, in order', () => {
    const url = search('fields=IMPRESSIONS\nfields=CLICKS\nlimit=50')

    expect([...url.searchParams]).toEqual([
      ['fields', 'IMPRESSIONS'],
      ['fields', 'CLICKS'],
      ['limit', '50']
    ])
    expect(url.search).toBe('?fields=IMPRESSIONS&fields=CLICKS&limit=50')
  })

  it('keeps "=" inside a value and skips blank lines', () => {
    const url = search('\nfilter=a=b\n   \n\r\ncontinuation_token=abc==\n')

    expect([...url.searchParams]).toEqual([
      ['filter', 'a=b'],
      ['continuation_token', 'abc==']
    ])
  })

  it('encodes &, #, spaces, unicode and CR so they cannot change the request', () => {
    const url = search(
      'name=a&limit=1\n#fragment=x\nq=two words\nland=Öst€\ncr=a\rb'
    )

    expect([...url.searchParams]).toEqual([
      ['name', 'a&limit=1'],
      ['#fragment', 'x'],
      ['q', 'two words'],
      ['land', 'Öst€'],
      ['cr', 'a\rb']
    ])
    expect(url.search).toBe(
      '?name=a%26limit%3D1&%23fragment=x&q=two+words&land=%C3%96st%E2%82%AC&cr=a%0Db'
    )
    expect(url.hash).toBe('')
    expect(url.pathname).toBe('/ads/v3/businesses')
  })

  it('reads CRLF line ends', () => {
    expect(search('a=1\r\nb=2\r\n').search).toBe('?a=1&b=2')
  })

  it("adds the lines after the path's own query", () => {
    const url = search('limit=5', 'ad_accounts/x/campaigns?offset=10')

    expect([...url.searchParams]).toEqual([
      ['offset', '10'],
      ['limit', '5']
    ])
  })
})

describe('parseInputs: refusals', () => {
  it.each<[string, Record<string, string>, string, string]>([
    [
      'a missing client-id',
      { 'client-id': '' },
      'client-id',
      'is required; pass it from a repository secret, e.g. ${{ secrets.SPOTIFY_CLIENT_ID }}'
    ],
    [
      'a missing client-secret',
      { 'client-secret': '' },
      'client-secret',
      '${{ secrets.SPOTIFY_CLIENT_SECRET }}'
    ],
    [
      'a missing refresh-token',
      { 'refresh-token': '' },
      'refresh-token',
      '${{ secrets.SPOTIFY_REFRESH_TOKEN }}'
    ],
    [
      'a client-secret of only whitespace',
      { 'client-secret': ' \n ' },
      'client-secret',
      'is required'
    ],
    [
      'a client-secret with a space inside',
      { 'client-secret': `${CLIENT_SECRET} ${CLIENT_SECRET}` },
      'client-secret',
      'contains whitespace inside the value'
    ],
    [
      'a refresh-token broken over two lines',
      { 'refresh-token': `${REFRESH_TOKEN}\n${REFRESH_TOKEN}` },
      'refresh-token',
      'contains whitespace inside the value'
    ],
    [
      'a client-id with a colon',
      { 'client-id': 'id:with-colon' },
      'client-id',
      "must not contain ':'"
    ],
    [
      'an unknown method',
      { method: 'fetch', path: 'businesses' },
      'method',
      "must be one of GET, POST, PUT, PATCH, DELETE (any case); got 'FETCH'"
    ],
    [
      'HEAD, which has no body to keep',
      { method: 'HEAD' },
      'method',
      'must be one of GET, POST, PUT, PATCH, DELETE'
    ],
    [
      'a query line without "="',
      { path: 'businesses', query: 'limit=5\n\nfields' },
      'query',
      'line 3 is not key=value'
    ],
    [
      'a query line with an empty key',
      { path: 'businesses', query: '=value' },
      'query',
      'line 1 is not key=value'
    ],
    [
      'a body that is not JSON',
      { method: 'POST', path: 'x', body: '{name: Spring}' },
      'body',
      'must be valid JSON'
    ],
    [
      'a body with GET',
      { path: 'businesses', body: '{"a":1}' },
      'body',
      'method is GET, which sends no body'
    ],
    [
      'a path on another origin',
      { path: 'https://evil.example/ads/v3/businesses' },
      'path',
      'is on https://evil.example'
    ],
    ['a path with ".."', { path: '../v2/ad_accounts' }, 'path', '".."'],
    [
      'a token-url over http',
      { 'token-url': 'http://accounts.spotify.com/api/token' },
      'token-url',
      'must use https://'
    ],
    [
      'an api-base-url with a query',
      { 'api-base-url': 'https://api-partner.spotify.com/ads/v3?x=1' },
      'api-base-url',
      'must not hold a query string or fragment'
    ],
    [
      'an api-base-url that is not a URL',
      { 'api-base-url': 'api-partner.spotify.com' },
      'api-base-url',
      'is not a URL'
    ],
    [
      'a non-numeric timeout',
      { 'timeout-seconds': 'thirty' },
      'timeout-seconds',
      "must be a whole number from 1 to 3600; got 'thirty'"
    ],
    [
      'a negative timeout',
      { 'timeout-seconds': '-5' },
      'timeout-seconds',
      'from 1 to 3600'
    ],
    [
      'a zero timeout',
      { 'timeout-seconds': '0' },
      'timeout-seconds',
      'from 1 to 3600'
    ],
    [
      'a fractional timeout',
      { 'timeout-seconds': '1.5' },
      'timeout-seconds',
      'from 1 to 3600'
    ],
    [
      'a timeout in exponent notation',
      { 'timeout-seconds': '1e3' },
      'timeout-seconds',
      'from 1 to 3600'
    ],
    [
      'a timeout above an hour',
      { 'timeout-seconds': '3601' },
      'timeout-seconds',
      'from 1 to 3600'
    ],
    [
      'a huge retry count',
      { 'max-retries': '99999999999999999999' },
      'max-retries',
      'from 0 to 10'
    ],
    [
      'eleven retries',
      { 'max-retries': '11' },
      'max-retries',
      "must be a whole number from 0 to 10; got '11'"
    ],
    [
      'zero retention days',
      { 'retention-days': '0' },
      'retention-days',
      'from 1 to 90'
    ],
    [
      '91 retention days',
      { 'retention-days': '91' },
      'retention-days',
      'from 1 to 90'
    ],
    [
      'yes as a boolean',
      { 'fail-on-http-error': 'yes' },
      'fail-on-http-error',
      "must be true or false (true, True, TRUE, false, False, FALSE); got 'yes'"
    ],
    [
      '1 as a boolean',
      { 'fail-on-http-error': '1' },
      'fail-on-http-error',
      'must be true or false'
    ],
    [
      'a mixed-case boolean',
      { 'fail-on-http-error': 'tRUE' },
      'fail-on-http-error',
      'must be true or false'
    ]
  ])('refuses %s', (_case, inputs, input, reason) => {
    const error = refusal(inputs)

    expect(error.name).toBe('InputError')
    expect(error.input).toBe(input)
    expect(error.message).toMatch(new RegExp(`^Input '${input}' `))
    expect(error.message).toContain(reason)
    expect(error.message).not.toContain(CLIENT_SECRET)
    expect(error.message).not.toContain(REFRESH_TOKEN)
  })

  it.each(['"', ':', '<', '>', '|', '*', '?', '\\', '/', '\n', '\r', '\u0007'])(
    'refuses an artifact name with %j',
    character => {
      const error = refusal({ 'artifact-name': `report${character}2026` })

      expect(error.input).toBe('artifact-name')
      expect(error.message).toContain(
        'contains a character GitHub refuses in artifact names'
      )
    }
  )

  it('does not repeat a password written into token-url', () => {
    const error = refusal({
      'token-url': 'https://user:hunter2@accounts.spotify.com/api/token'
    })

    expect(error.input).toBe('token-url')
    expect(error.message).not.toContain('hunter2')
  })
})

describe('parseInputs: response-file', () => {
  it('accepts a file in a folder that does not exist yet', () => {
    const path = join(folder, 'new', 'nested', 'response.json')

    expect(parseWith({ 'response-file': path }).responseFile).toBe(path)
  })

  it('resolves a relative path against the working directory', () => {
    expect(
      parseWith({ 'response-file': 'out/response.json' }).responseFile
    ).toBe(resolve('out/response.json'))
  })

  it('refuses an existing folder, suggesting a file in it', () => {
    const existing = join(folder, 'existing')

    const error = refusal({ 'response-file': existing })

    expect(error.input).toBe('response-file')
    expect(error.message).toBe(
      `Input 'response-file' is the folder '${existing}'; give a file path such as ${existing}/response.json`
    )
  })

  it('refuses a path under a file', () => {
    const file = join(folder, 'a-file')

    const error = refusal({
      'response-file': join(file, 'deeper', 'response.json')
    })

    expect(error.input).toBe('response-file')
    expect(error.message).toContain(`'${file}' is a file, not a folder`)
  })
})
