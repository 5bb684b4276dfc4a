/**
 * Hostile or careless input, end to end: the bundle, run as the runner runs
 * it on every runtime, refuses what could send the token elsewhere, change
 * the request, or fail only after the request was made, before it sends
 * anything at all; and what is merely careless reaches Spotify as meant.
 *
 * The basic refusals (another origin, `user@host`, `..`, an unknown method,
 * a body that is not JSON, negative numbers, http:// elsewhere, a folder as
 * response-file) are in action.e2e.test.ts; these are the rest.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  RUNTIMES,
  fakeSpotifyInputs,
  runAction,
  type ActionRun
} from '../fake/runner.js'
import { startFakeSpotify, type FakeSpotify } from '../fake/spotify.js'
import {
  expectNoRequestDataInErrors,
  expectNoSecretLeak,
  fakeSecrets
} from './helpers/secrets.js'

/** Values that a refusal must not repeat. */
const PASTED_SECRET = 'pasted-secret-41c9e0'
/** Short enough for V8 to quote whole in its JSON.parse message. */
const BODY_VALUE = 'bv-2f7a5d'

interface Context {
  spotify: FakeSpotify
  /** A regular file, where a folder would have to be. */
  file: string
  /** An existing folder. */
  folder: string
}

interface Refusal {
  name: string
  /** On top of valid credentials and a GET of `businesses`. */
  inputs: (context: Context) => Record<string, string>
  /** The input the error names. */
  input: string
  says: string
  /** What the error must not repeat. */
  hidden?: string[]
}

const REFUSALS: Refusal[] = [
  {
    name: 'a "." segment',
    inputs: () => ({ path: 'ad_accounts/./businesses' }),
    input: 'path',
    says: 'must not contain "." or ".." segments'
  },
  {
    name: 'an encoded "." segment',
    inputs: () => ({ path: 'businesses/%2E' }),
    input: 'path',
    says: 'must not contain "." or ".." segments'
  },
  {
    name: 'a ".." of one raw and one encoded dot',
    inputs: () => ({ path: 'ad_accounts/.%2e/admin' }),
    input: 'path',
    says: 'must not contain "." or ".." segments'
  },
  {
    name: 'encoded slashes around ".."',
    inputs: () => ({ path: 'ad_accounts%2F..%2Fadmin' }),
    input: 'path',
    says: 'must not contain encoded slashes'
  },
  {
    name: 'backslashes, which some servers read as "/"',
    inputs: () => ({ path: 'ad_accounts\\..\\admin' }),
    input: 'path',
    says: 'must not contain control characters or backslashes'
  },
  {
    name: 'a leading double backslash, read as another host',
    inputs: () => ({ path: '\\\\evil.example\\ads\\v3' }),
    input: 'path',
    says: 'must not contain control characters or backslashes'
  },
  {
    name: 'a line break that would split the request line',
    inputs: () => ({ path: 'businesses HTTP/1.1\r\nX-Injected: 1' }),
    input: 'path',
    says: 'must not contain control characters or backslashes'
  },
  {
    name: 'a tab inside',
    inputs: () => ({ path: 'busi\tnesses' }),
    input: 'path',
    says: 'must not contain control characters or backslashes'
  },
  {
    name: 'an escape character',
    inputs: () => ({ path: 'businesses\u001b[2J' }),
    input: 'path',
    says: 'must not contain control characters or backslashes'
  },
  {
    name: 'a protocol-relative URL',
    inputs: () => ({ path: '//evil.example/ads/v3/businesses' }),
    input: 'path',
    says: 'must be a path under'
  },
  {
    name: 'a scheme without slashes, on another host',
    inputs: () => ({ path: 'https:evil.example/ads/v3/businesses' }),
    input: 'path',
    says: 'is on https://evil.example, but the access token is only sent to'
  },
  {
    name: 'credentials on the API origin itself',
    inputs: ({ spotify }) => ({
      path: spotify.apiBaseUrl.replace('//', `//user:${PASTED_SECRET}@`)
    }),
    input: 'path',
    says: 'must not hold credentials',
    hidden: [PASTED_SECRET]
  },
  {
    name: 'a javascript: URL',
    inputs: () => ({ path: 'javascript:alert(1)' }),
    input: 'path',
    says: 'must be a path under'
  },
  {
    name: 'a fragment',
    inputs: () => ({ path: 'businesses#admin' }),
    input: 'path',
    says: 'must not contain a fragment'
  },
  {
    name: 'a malformed percent-encoding',
    inputs: () => ({ path: 'businesses/%zz' }),
    input: 'path',
    says: 'has a malformed percent-encoding'
  },
  {
    name: 'a header written as a query line of its own',
    inputs: () => ({ query: 'limit=5\nX-Injected: 1' }),
    input: 'query',
    says: 'line 2 is not key=value'
  },
  {
    name: 'a body with GET',
    inputs: () => ({ body: '{"name":"x"}' }),
    input: 'body',
    says: 'is set, but method is GET, which sends no body'
  },
  {
    name: 'a body that is not JSON, without repeating it',
    inputs: () => ({ method: 'POST', body: `{"name": ${BODY_VALUE}}` }),
    input: 'body',
    says: 'must be valid JSON',
    hidden: [BODY_VALUE]
  },
  {
    name: 'the method TRACE',
    inputs: () => ({ method: 'TRACE' }),
    input: 'method',
    says: 'must be one of GET, POST, PUT, PATCH, DELETE'
  },
  {
    name: 'a method with a header after a line break',
    inputs: () => ({ method: 'GET\r\nX-Injected: 1' }),
    input: 'method',
    says: 'must be one of GET, POST, PUT, PATCH, DELETE'
  },
  ...(
    [
      ['timeout-seconds', '1.5', 'from 1 to 3600'],
      ['timeout-seconds', '0', 'from 1 to 3600'],
      ['timeout-seconds', '1e3', 'from 1 to 3600'],
      ['max-retries', '11', 'from 0 to 10'],
      ['max-pages', '0x10', 'from 1 to 1000000'],
      ['concurrency', '\u0663', 'from 1 to 16'],
      ['retention-days', '99999999999999999999', 'from 1 to 90'],
      ['poll-interval-seconds', 'ten', 'from 1 to 3600']
    ] as const
  ).map(([input, value, range]): Refusal => ({
    name: `${input} ${JSON.stringify(value)}`,
    inputs: () => ({ [input]: value }),
    input,
    says: `must be a whole number ${range}`
  })),
  {
    name: 'an http:// api-base-url on Spotify',
    inputs: () => ({ 'api-base-url': 'http://api-partner.spotify.com/ads/v3' }),
    input: 'api-base-url',
    says: 'must use https://'
  },
  {
    name: 'an http:// token-url on a host named like loopback',
    inputs: () => ({ 'token-url': 'http://localhost.evil.example/api/token' }),
    input: 'token-url',
    says: 'must use https://'
  },
  {
    name: 'an http:// token-url on a host made of a loopback address',
    inputs: () => ({ 'token-url': 'http://127.0.0.1.nip.io/api/token' }),
    input: 'token-url',
    says: 'must use https://'
  },
  {
    name: 'a token-url with a secret in its query',
    inputs: () => ({
      'token-url': `https://accounts.spotify.com/api/token?client_secret=${PASTED_SECRET}`
    }),
    input: 'token-url',
    says: "must not hold a query string or fragment (got 'https://accounts.spotify.com/api/token')",
    hidden: [PASTED_SECRET]
  },
  {
    name: 'an api-base-url with a password',
    inputs: () => ({
      'api-base-url': `https://user:${PASTED_SECRET}@api-partner.spotify.com/ads/v3`
    }),
    input: 'api-base-url',
    says: "must not hold credentials (user:password@) (got 'https://api-partner.spotify.com/ads/v3')",
    hidden: [PASTED_SECRET]
  },
  {
    name: 'a token-url of id:secret@host, without a scheme',
    inputs: () => ({ 'token-url': `id:${PASTED_SECRET}@accounts.spotify.com` }),
    input: 'token-url',
    says: 'must use https://, not id: (got a value that is not an http(s) URL)',
    hidden: [PASTED_SECRET]
  },
  {
    name: 'a client-secret with a space inside',
    inputs: () => ({ 'client-secret': `${PASTED_SECRET} ${PASTED_SECRET}` }),
    input: 'client-secret',
    says: 'contains whitespace inside the value',
    hidden: [PASTED_SECRET]
  },
  {
    name: 'a response-file under a file',
    inputs: ({ file }) => ({ 'response-file': join(file, 'response.json') }),
    input: 'response-file',
    says: 'is a file, not a folder'
  },
  {
    name: 'a response-file under /dev/null',
    inputs: () => ({ 'response-file': '/dev/null/out/response.json' }),
    input: 'response-file',
    says: "cannot be created: '/dev/null' is a file, not a folder"
  },
  {
    // Note: directly in /proc/self, as Node's recursive mkdir never returns
    // for a missing folder under /proc.
    name: 'a response-file in a folder no one may write in',
    inputs: () => ({ 'response-file': '/proc/self/response.json' }),
    input: 'response-file',
    says: "cannot be created: the folder '/proc/self' is not writable"
  },
  {
    name: 'a report-file that is a folder',
    inputs: ({ folder }) => ({ 'report-file': folder }),
    input: 'report-file',
    says: 'is the folder'
  }
]

describe.each(RUNTIMES)('hostile input on $name', runtime => {
  let spotify: FakeSpotify
  let context: Context

  beforeEach(async () => {
    spotify = await startFakeSpotify({ campaigns: 1 })
    const folder = mkdtempSync(join(tmpdir(), 'hostile-'))
    const file = join(folder, 'a-file')
    writeFileSync(file, 'not a folder')
    context = { spotify, file, folder }
  })

  afterEach(async () => {
    await spotify.close()
  })

  async function run(inputs: Record<string, string>): Promise<ActionRun> {
    const result = await runAction({
      runtime,
      env: { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' },
      inputs: {
        ...fakeSpotifyInputs(spotify),
        path: 'businesses',
        ...inputs
      }
    })
    expectNoSecretLeak(
      result,
      fakeSecrets(spotify, {
        clientSecret: inputs['client-secret'],
        refreshToken: inputs['refresh-token']
      })
    )
    return result
  }

  describe('refused before any request', () => {
    it.each(REFUSALS)('$name', async refusal => {
      const result = await run(refusal.inputs(context))

      expect(result.code).toBe(1)
      const errors = [...result.stdout.matchAll(/^::error::(.*)$/gm)]
      expect(errors.map(match => match[1])).toEqual([
        expect.stringContaining(`spotify-ads: Input '${refusal.input}' `)
      ])
      expect(errors[0]![1]).toContain(refusal.says)
      expect(spotify.requests).toHaveLength(0)
      expect(result.outputs).toEqual({})
      expectNoRequestDataInErrors(result, refusal.hidden ?? [])
    })
  })

  describe('careless but harmless, sent as meant', () => {
    const apiRequest = () => {
      const requests = spotify.requests.filter(r => r.path.startsWith('/ads/'))
      expect(requests).toHaveLength(1)
      return requests[0]!
    }

    it('trims secrets pasted with tabs and CRLF line ends', async () => {
      const result = await run({
        'client-id': `\t${spotify.clientId}\r\n`,
        'client-secret': `${spotify.clientSecret}\r\n`,
        'refresh-token': `\t ${spotify.refreshToken} \r\n`
      })

      expect(result.code).toBe(0)
      const basic = Buffer.from(
        `${spotify.clientId}:${spotify.clientSecret}`
      ).toString('base64')
      expect(spotify.requests[0]?.headers.authorization).toBe(`Basic ${basic}`)
      expect(
        new URLSearchParams(spotify.requests[0]?.body).get('refresh_token')
      ).toBe(spotify.refreshToken)
      expect(apiRequest().headers.authorization).toBe(
        `Bearer ${spotify.issuedAccessTokens[0]}`
      )
    })

    it('sends keys and values with &, #, =, %, spaces and unicode literally', async () => {
      const result = await run({
        query: ['a&b=c=d', '#k=#v', ' ключ = значение ☃ ', '%41=%42+1'].join(
          '\n'
        )
      })

      expect(result.code).toBe(0)
      expect([...apiRequest().query]).toEqual([
        ['a&b', 'c=d'],
        ['#k', '#v'],
        ['ключ', 'значение ☃'],
        ['%41', '%42+1']
      ])
    })

    it('sends a carriage return inside a value as %0D, never as a header', async () => {
      const result = await run({ query: 'note=a\rX-Injected: 1' })

      expect(result.code).toBe(0)
      const request = apiRequest()
      expect(request.query.get('note')).toBe('a\rX-Injected: 1')
      expect(request.headers).not.toHaveProperty('x-injected')
    })
  })
})
