/**
 * Properties of input parsing and URL building, checked against generated
 * input: any string either becomes a request on the API's origin or is
 * refused with a message that names the input, and nothing else is thrown.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { InputError } from '../src/errors.js'
import { parseInputs, type ActionInputs } from '../src/inputs.js'
import { isLoopbackHost, parseServiceUrl, resolveApiUrl } from '../src/url.js'

/** Enough runs to find the odd case, few enough to stay within seconds. */
const RUNS = { numRuns: 500 }

const API = 'https://api-partner.spotify.com/ads/v3'

/** The inputs `action.yml` declares, with their defaults. */
const DEFAULTS: Record<string, string> = Object.fromEntries(
  Object.entries(
    (
      parse(readFileSync('action.yml', 'utf8')) as {
        inputs: Record<string, { default?: string }>
      }
    ).inputs
  ).map(([name, input]) => [name, input.default ?? ''])
)

const VALID = {
  ...DEFAULTS,
  'client-id': 'my-client-id',
  'client-secret': 'my-client-secret',
  'refresh-token': 'my-refresh-token'
}

type Outcome = { inputs: ActionInputs } | { refused: InputError }

/** Parses the inputs; an `InputError` is an outcome, anything else fails. */
function parseWith(inputs: Record<string, string>): Outcome {
  const values: Record<string, string> = { ...VALID, ...inputs }
  try {
    return { inputs: parseInputs(name => values[name] ?? '') }
  } catch (error) {
    if (error instanceof InputError) return { refused: error }
    throw error
  }
}

/** Pieces that have led URL parsers and servers astray. */
const PATH_PIECES = [
  '.',
  '..',
  '%2e',
  '%2E',
  '.%2e',
  '%2e%2e',
  '%252e',
  '..;',
  '/',
  '//',
  '\\',
  '%2f',
  '%5C',
  '@',
  ':',
  '?',
  '#',
  '&',
  '=',
  '%',
  '%zz',
  '%00',
  '\u0000',
  '\t',
  '\n',
  '\r',
  '\u007f',
  ' ',
  '\u00a0',
  '\u2028',
  '\ufeff',
  'é',
  '😀',
  'businesses',
  'ad_accounts',
  'https:',
  'https://',
  'http://',
  'HTTPS://',
  'javascript:',
  'api-partner.spotify.com',
  'API-PARTNER.SPOTIFY.COM',
  'evil.example',
  'user:pass@',
  ':443',
  '127.0.0.1',
  'localhost'
]

const pathPieces = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...PATH_PIECES) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) }
    ),
    { maxLength: 12 }
  )
  .map(pieces => pieces.join(''))

/** Any string: random text, URLs, and paths made of tricky pieces. */
const anyPath = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  pathPieces,
  pathPieces.map(rest => `${API}/${rest}`),
  pathPieces.map(rest => `https://api-partner.spotify.com${rest}`)
)

const BASES = [
  API,
  `${API}/`,
  'https://api-partner.spotify.com',
  'http://127.0.0.1:8080/ads/v3'
].map(base => new URL(base))

/** Checks what the API may be sent: its origin, no credentials, no dots. */
function expectSafeApiUrl(url: URL, base: URL, absolute: boolean): void {
  expect(url.origin).toBe(base.origin)
  expect(url.username).toBe('')
  expect(url.password).toBe('')
  expect(url.hash).toBe('')
  // eslint-disable-next-line no-control-regex
  expect(url.href).not.toMatch(/[\u0000-\u0020\u007f\\]/)
  const segments = url.pathname.split('/').map(decodeURIComponent)
  expect(segments).not.toContain('.')
  expect(segments).not.toContain('..')
  if (!absolute) {
    const under = base.pathname.replace(/\/?$/, '/')
    expect(url.pathname.startsWith(under)).toBe(true)
  }
}

describe('resolveApiUrl', () => {
  it('gives a URL on the base origin, or a sentence saying why not, for any path', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BASES), anyPath, (base, path) => {
        const url = resolveApiUrl(base, path)

        if (typeof url === 'string') {
          expect(url.length).toBeGreaterThan(0)
          return
        }
        const absolute = /^[a-z][a-z0-9+.-]*:/i.test(path)
        expectSafeApiUrl(url, base, absolute)
      }),
      RUNS
    )
  })

  it('keeps every relative path of plain segments, under the base path', () => {
    const segment = fc.stringMatching(/^[\w~-][\w.~-]{0,11}$/)
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1 }), segments => {
        const path = segments.join('/')

        const url = resolveApiUrl(BASES[0]!, path)

        expect(url).toBeInstanceOf(URL)
        expect((url as URL).href).toBe(`${API}/${path}`)
      }),
      RUNS
    )
  })
})

describe('parseInputs: path', () => {
  it('builds a request on the origin of api-base-url, or refuses the path with a message', () => {
    fc.assert(
      fc.property(anyPath, path => {
        const outcome = parseWith({ path })

        if ('refused' in outcome) {
          expect(outcome.refused.input).toBe('path')
          expect(outcome.refused.message).toMatch(/^Input 'path' \S/)
          return
        }
        const { request, apiBaseUrl } = outcome.inputs
        if (!path.trim()) {
          expect(request).toBeUndefined()
          return
        }
        const absolute = /^[a-z][a-z0-9+.-]*:/i.test(path.trim())
        expectSafeApiUrl(request!.url, apiBaseUrl, absolute)
      }),
      RUNS
    )
  })
})

/** A query line: text with the characters that could change a request. */
const queryText = fc
  .array(
    fc.oneof(
      fc.constantFrom('=', '&', '#', '?', ' ', '%', '%41', '+', '\r', '\t'),
      fc.constantFrom('é', '€', '😀', '\u0000', '\u2028', '\ufeff'),
      fc.string({ unit: 'binary', maxLength: 6 })
    ),
    { maxLength: 8 }
  )
  .map(pieces => pieces.join(''))

/** What the lines should send: one `key=value` a line, trimmed, in order. */
function expectedPairs(lines: string[]): [string, string][] | undefined {
  const pairs: [string, string][] = []
  for (const line of lines) {
    if (!line.trim()) continue
    const at = line.indexOf('=')
    const key = at < 0 ? '' : line.slice(0, at).trim()
    if (!key) return undefined
    pairs.push([key, line.slice(at + 1).trim()])
  }
  return pairs
}

describe('parseInputs: query', () => {
  it('sends every key and value exactly as written, encoded, or refuses the line', () => {
    fc.assert(
      fc.property(
        fc.array(queryText, { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
        (lines, end) => {
          const outcome = parseWith({
            path: 'businesses',
            query: lines.join(end)
          })

          const expected = expectedPairs(lines.join(end).split(/\r?\n/))
          if ('refused' in outcome) {
            expect(outcome.refused.input).toBe('query')
            expect(outcome.refused.message).toMatch(
              /^Input 'query' line \d+ is not key=value/
            )
            expect(expected).toBeUndefined()
            return
          }
          const { url } = outcome.inputs.request!
          expect([...url.searchParams]).toEqual(expected)
          expect(url.href).not.toMatch(/[\r\n]/)
          expect(url.hash).toBe('')
          expect(url.pathname).toBe('/ads/v3/businesses')
        }
      ),
      RUNS
    )
  })
})

/** URLs made of parts, credentials and query included. */
const serviceUrl = fc
  .record({
    scheme: fc.constantFrom('https', 'http', 'HTTP', 'ftp', 'javascript', ''),
    user: fc.constantFrom('', 'user@', 'user:PASSWORD-7f3a9c@', ':@'),
    host: fc.constantFrom(
      'accounts.spotify.com',
      '127.0.0.1',
      '127.1',
      'localhost',
      '[::1]',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      '0.0.0.0',
      ''
    ),
    port: fc.constantFrom('', ':443', ':8080', ':99999'),
    path: fc.constantFrom('', '/', '/api/token', '/ads/v3', '/a b'),
    tail: fc.constantFrom('', '?', '#', '?code=QUERY-9d2e41', '#FRAGMENT-0b6c')
  })
  .map(
    ({ scheme, user, host, port, path, tail }) =>
      `${scheme}${scheme ? '://' : ''}${user}${host}${port}${path}${tail}`
  )

const anyServiceUrl = fc.oneof(
  serviceUrl,
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string({ unit: 'binary' })
)

describe('parseServiceUrl', () => {
  it('gives https, or http on loopback, without credentials, query or fragment; or a sentence', () => {
    fc.assert(
      fc.property(anyServiceUrl, value => {
        const url = parseServiceUrl(value)

        if (typeof url === 'string') {
          expect(url.length).toBeGreaterThan(0)
          return
        }
        expect(
          url.protocol === 'https:' ||
            (url.protocol === 'http:' && isLoopbackHost(url.hostname))
        ).toBe(true)
        expect(url.username + url.password).toBe('')
        expect(url.search + url.hash).toBe('')
      }),
      RUNS
    )
  })

  it.each(['token-url', 'api-base-url'])(
    'refuses %s without repeating its credentials, query or fragment',
    name => {
      fc.assert(
        fc.property(anyServiceUrl, value => {
          const outcome = parseWith({ [name]: value })

          if ('inputs' in outcome) return
          const { input, message } = outcome.refused
          expect(input).toBe(name)
          expect(message).not.toMatch(/PASSWORD|QUERY|FRAGMENT/)
        }),
        RUNS
      )
    }
  )
})

/** A number input, its range, and where its parsed value lands (in units). */
const NUMBERS: [string, number, number, (inputs: ActionInputs) => unknown][] = [
  ['timeout-seconds', 1, 3600, inputs => inputs.timeoutMs / 1000],
  ['max-retries', 0, 10, inputs => inputs.maxRetries],
  ['retention-days', 1, 90, inputs => inputs.retentionDays],
  ['max-pages', 1, 1_000_000, inputs => inputs.paging.maxPages]
]

describe('parseInputs: numbers', () => {
  it.each(NUMBERS)(
    '%s is a whole number in its range, or refused naming it',
    (name, min, max, parsed) => {
      const text = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 8 }),
        fc.integer({ min: -5, max: max + 5 }).map(String),
        fc.double().map(String),
        fc.constantFrom(
          '1e3',
          '0x10',
          '\u0663',
          '+5',
          '-0',
          '5 ',
          ' 0',
          'Infinity'
        )
      )
      fc.assert(
        fc.property(text, value => {
          const outcome = parseWith({ [name]: value })

          if ('refused' in outcome) {
            expect(outcome.refused.input).toBe(name)
            expect(outcome.refused.message).toContain(
              `must be a whole number from ${min} to ${max}; got `
            )
            return
          }
          const trimmed = value.trim()
          if (!trimmed) return
          expect(trimmed).toMatch(/^\d+$/)
          const number = Number(trimmed)
          expect(number).toBeGreaterThanOrEqual(min)
          expect(number).toBeLessThanOrEqual(max)
          expect(parsed(outcome.inputs)).toBe(number)
        }),
        RUNS
      )
    }
  )
})

describe('parseInputs: secrets', () => {
  /** The sentence a refused value gets, from a value known to be refused. */
  function refusalOf(name: string, value: string): string | undefined {
    const outcome = parseWith({ [name]: value })
    return 'refused' in outcome ? outcome.refused.message : undefined
  }

  it.each(['client-secret', 'refresh-token'])(
    'keeps %s trimmed, or refuses it with a sentence that does not depend on it',
    name => {
      const sentences = [refusalOf(name, ''), refusalOf(name, 'a b')]
      fc.assert(
        fc.property(
          fc.string({ unit: 'binary' }),
          fc.constantFrom('', '\n', '\r\n', ' ', '\t'),
          (secret, paste) => {
            const outcome = parseWith({ [name]: `${paste}${secret}${paste}` })

            if ('refused' in outcome) {
              expect(outcome.refused.input).toBe(name)
              expect(sentences).toContain(outcome.refused.message)
              return
            }
            const { credentials } = outcome.inputs
            const kept =
              name === 'client-secret'
                ? credentials.clientSecret
                : credentials.refreshToken
            expect(kept).toBe(secret.trim())
            expect(kept).not.toMatch(/\s/)
          }
        ),
        RUNS
      )
    }
  )
})

describe('parseInputs: body', () => {
  it('refuses a body that is not JSON without repeating any of it', () => {
    const text = fc.string({ unit: 'binary', maxLength: 20 })
    fc.assert(
      fc.property(text, text, (before, after) => {
        const body = `${before}"BODY-SECRET-5e1d": ${after}`

        const outcome = parseWith({ method: 'POST', path: 'x', body })

        if ('inputs' in outcome) {
          expect(() => JSON.parse(body) as unknown).not.toThrow()
          return
        }
        expect(outcome.refused.input).toBe('body')
        expect(outcome.refused.message).toMatch(
          /^Input 'body' must be valid JSON/
        )
        expect(outcome.refused.message).not.toContain('SECRET')
      }),
      RUNS
    )
  })
})

describe('parseInputs: everything at once', () => {
  const NAMES = Object.keys(DEFAULTS)

  it('accepts or refuses any set of values, and never throws anything else', () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom('', 'true', 'false', '1', '0', 'POST', 'GET', '{}'),
      anyPath
    )
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...NAMES), value, { maxKeys: 8 }),
        inputs => {
          const outcome = parseWith(inputs)

          if ('refused' in outcome) {
            expect(NAMES).toContain(outcome.refused.input)
            expect(outcome.refused.message).toMatch(
              new RegExp(`^Input '${outcome.refused.input}' \\S`)
            )
            return
          }
          const { request, apiBaseUrl } = outcome.inputs
          if (request) expect(request.url.origin).toBe(apiBaseUrl.origin)
        }
      ),
      RUNS
    )
  })
})
