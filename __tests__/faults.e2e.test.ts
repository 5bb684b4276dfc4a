/**
 * Faults of the network and of the services, as a matrix: each case runs
 * the bundle as the runner does, on every runtime, with step debug on,
 * against a fake Spotify (or artifact service) told to misbehave. Each ends
 * in a clean recovery or in one plain error line. Whatever happens, the
 * response file of an earlier run is replaced whole or left as it was, no
 * temporary file is left behind, and no secret, request body or query value
 * reaches a line a person reads.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  startFakeResultsService,
  type FakeResultsService,
  type ResultsFault
} from '../fake/results-service.js'
import {
  RUNTIMES,
  fakeSpotifyInputs,
  runAction,
  type ActionRun
} from '../fake/runner.js'
import {
  startFakeSpotify,
  type Fault,
  type FakeSpotify
} from '../fake/spotify.js'
import {
  expectNoRequestDataInErrors,
  expectNoSecretLeak,
  fakeSecrets
} from './helpers/secrets.js'

/** What an earlier step left in the response file. */
const OLD_FILE = '{"campaigns":[],"note":"from an earlier step"}\n'

/** A token someone put in the query: shown in debug lines only. */
const QUERY_TOKEN = 'query-held-token-3b9f1c'
/** A value of a request body, which no error may repeat. */
const BODY_VALUE = 'body-held-value-8c2d7e'

const DEBUG = { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' }

const CAMPAIGNS = /\/campaigns$/
const TOKEN = '/api/token'

/** A page a proxy answers with when Spotify is unreachable. */
const PROXY_PAGE =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>'

const POST_CAMPAIGN = {
  method: 'POST',
  body: JSON.stringify({ name: BODY_VALUE, objective: 'REACH' })
}

interface FaultCase {
  name: string
  /** Queued on the fake Spotify before the run. */
  faults: Fault[]
  /** On top of a GET of the campaign list with a token in its query. */
  inputs?: Record<string, string>
  outcome: 'recovers' | 'fails'
  /** A line of the log when it recovers; the error line when it fails. */
  says: RegExp
  /**
   * The response file afterwards: the earlier one, the new answer as JSON,
   * or exactly the (non-JSON) body the fault sent.
   */
  file: 'kept' | 'json' | 'as-sent'
  /** Requests the fake saw: at the token endpoint, and at the Ads API. */
  requests?: { token: number; api?: number }
  /** Tokens that only a fault's answer holds, which must not leak either. */
  secrets?: string[]
}

const TOKEN_CASES: FaultCase[] = [
  {
    name: 'a 5xx, then a token: retried',
    faults: [{ path: TOKEN, status: 500 }],
    outcome: 'recovers',
    says: /^Retrying POST .*\/api\/token in .*: HTTP 500$/m,
    file: 'json',
    requests: { token: 2, api: 1 }
  },
  {
    name: 'a timeout, then a token: retried',
    faults: [{ path: TOKEN, delayMs: 1500 }],
    inputs: { 'timeout-seconds': '1' },
    outcome: 'recovers',
    says: /^Retrying POST .*\/api\/token .*: timed out after 1 s$/m,
    file: 'json',
    requests: { token: 2, api: 1 }
  },
  {
    name: 'a timeout every time',
    faults: [{ path: TOKEN, delayMs: 1500, times: 5 }],
    inputs: { 'timeout-seconds': '1', 'max-retries': '0' },
    outcome: 'fails',
    says: /^POST .*\/api\/token failed: timed out after 1 s$/,
    file: 'kept',
    requests: { token: 1, api: 0 }
  },
  {
    name: 'a reset, then a token: retried',
    faults: [{ path: TOKEN, reset: true }],
    outcome: 'recovers',
    says: /^Retrying POST .*\/api\/token .*: the connection was reset$/m,
    file: 'json',
    requests: { token: 2, api: 1 }
  },
  {
    name: 'a reset every time',
    faults: [{ path: TOKEN, reset: true, times: 5 }],
    inputs: { 'max-retries': '1' },
    outcome: 'fails',
    says: /^POST .*\/api\/token failed after 2 attempts: the connection was reset$/,
    file: 'kept',
    requests: { token: 2, api: 0 }
  },
  {
    name: 'an HTML page with HTTP 200, as a captive portal sends',
    faults: [
      { path: TOKEN, status: 200, body: '<html>Sign in to Wi-Fi</html>' }
    ],
    outcome: 'fails',
    says: /answered HTTP 200 without an access_token \(the answer is not JSON\)\. Check that token-url/,
    file: 'kept',
    requests: { token: 1, api: 0 }
  },
  {
    name: 'an HTML error page from a proxy, every time',
    faults: [{ path: TOKEN, status: 503, body: PROXY_PAGE, times: 5 }],
    inputs: { 'max-retries': '1' },
    outcome: 'fails',
    says: /answered HTTP 503 with a \d+-byte text\/html body that is not Spotify's error JSON \(gave up after 2 attempts\)\.$/,
    file: 'kept',
    requests: { token: 2, api: 0 }
  },
  {
    name: 'a JSON answer without access_token',
    faults: [
      {
        path: TOKEN,
        status: 200,
        body: { token_type: 'Bearer', expires_in: 3600 }
      }
    ],
    outcome: 'fails',
    says: /answered HTTP 200 without an access_token\. Check that token-url/,
    file: 'kept',
    requests: { token: 1, api: 0 }
  },
  {
    name: 'a 200 that is not JSON but a form',
    faults: [
      {
        path: TOKEN,
        status: 200,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'access_token=form-token-6a1f09&token_type=bearer'
      }
    ],
    outcome: 'fails',
    says: /answered HTTP 200 without an access_token \(the answer is not JSON\)/,
    file: 'kept',
    requests: { token: 1, api: 0 },
    secrets: ['form-token-6a1f09']
  },
  {
    name: 'an expires_in that is not a number',
    faults: [
      {
        path: TOKEN,
        status: 200,
        body: { access_token: 'BQ-soon-token-77c1e4', expires_in: 'soon' }
      }
    ],
    outcome: 'fails',
    says: /answered HTTP 200 with an expires_in that is not a whole number of seconds/,
    file: 'kept',
    requests: { token: 1, api: 0 },
    secrets: ['BQ-soon-token-77c1e4']
  },
  {
    name: 'an access_token with a line break, which would split a header',
    faults: [
      {
        path: TOKEN,
        status: 200,
        body: { access_token: 'BQ-split-token\r\nX-Injected: 1' }
      }
    ],
    outcome: 'fails',
    says: /answered HTTP 200 with an access_token that holds spaces, line breaks or other characters an Authorization header cannot carry/,
    file: 'kept',
    requests: { token: 1, api: 0 },
    secrets: ['BQ-split-token']
  }
]

/** A JSON error body of about a megabyte: 40 000 messages. */
const MANY_MESSAGES = {
  sp_trace_id: 'trace-many-messages',
  messages: Array.from({ length: 40_000 }, (_, i) => `limit is wrong (${i})`)
}

const API_CASES: FaultCase[] = [
  {
    name: 'a 401 mid-run: mints a new token once',
    faults: [{ path: CAMPAIGNS, expireAccessTokens: true }],
    outcome: 'recovers',
    says: /^The Ads API refused the access token \(HTTP 401\); minting a new one and trying once more\.$/m,
    file: 'json',
    requests: { token: 2, api: 2 }
  },
  {
    name: 'a 401 again with the new token',
    faults: [{ path: CAMPAIGNS, status: 401, times: 2 }],
    outcome: 'fails',
    says: /answered HTTP 401: Unauthorized \(sp_trace_id [\w-]+\)\. The access token was refused even after minting a new one/,
    file: 'json',
    requests: { token: 2, api: 2 }
  },
  {
    name: 'a 403',
    faults: [{ path: CAMPAIGNS, status: 403 }],
    outcome: 'fails',
    says: /answered HTTP 403: Forbidden \(sp_trace_id [\w-]+\)\. The authorized user has no access to this resource/,
    file: 'json',
    requests: { token: 1, api: 1 }
  },
  {
    name: 'a 404',
    faults: [{ path: CAMPAIGNS, status: 404 }],
    outcome: 'fails',
    says: /answered HTTP 404: Not Found \(sp_trace_id [\w-]+\)\. Check the path/,
    file: 'json',
    requests: { token: 1, api: 1 }
  },
  {
    name: 'a 422 to a POST, not retried',
    faults: [
      {
        path: CAMPAIGNS,
        method: 'POST',
        status: 422,
        body: { sp_trace_id: 'trace-422', messages: ['objective is invalid'] }
      }
    ],
    inputs: POST_CAMPAIGN,
    outcome: 'fails',
    says: /^POST .*\/campaigns answered HTTP 422: objective is invalid \(sp_trace_id trace-422\)$/,
    file: 'json',
    requests: { token: 1, api: 1 }
  },
  {
    name: 'a 429 with a short Retry-After: waited',
    faults: [{ path: CAMPAIGNS, status: 429, headers: { 'retry-after': '1' } }],
    outcome: 'recovers',
    says: /^Retrying GET .*\/campaigns in 1 s \(attempt 2 of 4\): HTTP 429$/m,
    file: 'json',
    requests: { token: 1, api: 2 }
  },
  {
    name: 'a 429 with a Retry-After of hours: fails fast, saying so',
    faults: [
      { path: CAMPAIGNS, status: 429, headers: { 'retry-after': '7200' } }
    ],
    outcome: 'fails',
    says: /answered HTTP 429: Too Many Requests .*Spotify asked to wait 2 h \(Retry-After: 7200\) .* run the job again later/,
    file: 'json',
    requests: { token: 1, api: 1 }
  },
  {
    name: 'a storm of 5xx',
    faults: [{ path: CAMPAIGNS, status: 503, times: 50 }],
    inputs: { 'max-retries': '1' },
    outcome: 'fails',
    says: /answered HTTP 503: Service Unavailable .*Gave up after 2 attempts\. Spotify had a problem; try again later/,
    file: 'json',
    requests: { token: 1, api: 2 }
  },
  {
    name: 'a reset every time',
    faults: [{ path: CAMPAIGNS, reset: true, times: 50 }],
    inputs: { 'max-retries': '1' },
    outcome: 'fails',
    says: /^GET .*\/campaigns failed after 2 attempts: the connection was reset$/,
    file: 'kept',
    requests: { token: 1, api: 2 }
  },
  {
    name: 'a reset of a POST, not sent again',
    faults: [{ path: CAMPAIGNS, method: 'POST', reset: true }],
    inputs: POST_CAMPAIGN,
    outcome: 'fails',
    says: /^POST .*\/campaigns failed: the connection was reset \(POST is not retried once sent: it may have been carried out\)$/,
    file: 'kept',
    requests: { token: 1, api: 1 }
  },
  {
    name: 'a truncated body, then the whole: retried',
    faults: [{ path: CAMPAIGNS, truncate: true }],
    outcome: 'recovers',
    says: /^Retrying GET .*\/campaigns .*: the connection closed before the whole answer arrived$/m,
    file: 'json',
    requests: { token: 1, api: 2 }
  },
  {
    name: 'a truncated body every time',
    faults: [{ path: CAMPAIGNS, truncate: true, times: 50 }],
    inputs: { 'max-retries': '1' },
    outcome: 'fails',
    says: /^GET .*\/campaigns failed after 2 attempts: the connection closed before the whole answer arrived$/,
    file: 'kept',
    requests: { token: 1, api: 2 }
  },
  {
    name: 'a body so slow it runs past the timeout',
    faults: [{ path: CAMPAIGNS, dripMs: 100 }],
    inputs: { 'timeout-seconds': '1', 'max-retries': '0' },
    outcome: 'fails',
    says: /^GET .*\/campaigns failed: timed out after 1 s$/,
    file: 'kept',
    requests: { token: 1, api: 1 }
  },
  {
    name: 'a 200 that is not JSON: kept, saying so',
    faults: [
      {
        path: CAMPAIGNS,
        status: 200,
        headers: { 'content-type': 'text/csv' },
        body: 'id,name\n1,Spring\n'
      }
    ],
    outcome: 'recovers',
    says: /^The answer is not JSON \(text\/csv\); it is kept as it came\.$/m,
    file: 'as-sent',
    requests: { token: 1, api: 1 }
  },
  {
    name: 'an HTML 5xx page from a proxy, every time',
    faults: [{ path: CAMPAIGNS, status: 502, body: PROXY_PAGE, times: 50 }],
    inputs: { 'max-retries': '1' },
    outcome: 'fails',
    says: /answered HTTP 502: the answer is not JSON \(text\/html, \d+ bytes\): 502 Bad Gateway 502 Bad Gateway nginx\. Gave up after 2 attempts/,
    file: 'as-sent',
    requests: { token: 1, api: 2 }
  },
  {
    name: 'an HTML error page of megabytes: shortened',
    faults: [
      {
        path: CAMPAIGNS,
        status: 500,
        body: `<html><body>${'Internal error. '.repeat(200_000)}</body></html>`
      }
    ],
    inputs: { 'max-retries': '0' },
    outcome: 'fails',
    says: /answered HTTP 500: the answer is not JSON \(text\/html, \d{7} bytes\): Internal error\. .*…\. Spotify had a problem/,
    file: 'as-sent',
    requests: { token: 1, api: 1 }
  },
  {
    name: 'a JSON error body of a megabyte of messages: the first few',
    faults: [{ path: CAMPAIGNS, status: 400, body: MANY_MESSAGES }],
    outcome: 'fails',
    says: /answered HTTP 400: limit is wrong \(0\); limit is wrong \(1\); limit is wrong \(2\); limit is wrong \(3\); limit is wrong \(4\); and 39995 more \(sp_trace_id trace-many-messages\)$/,
    file: 'json',
    requests: { token: 1, api: 1 }
  },
  {
    name: 'a reset of the second page, every time, with paginate',
    faults: [
      { path: CAMPAIGNS, query: { offset: '50' }, reset: true, times: 50 }
    ],
    inputs: { paginate: 'true', 'max-retries': '1' },
    outcome: 'fails',
    says: /^GET .*\/campaigns failed after 2 attempts: the connection was reset$/,
    file: 'kept'
  },
  {
    name: 'a 401 on the second page, with paginate: mints a new token once',
    faults: [
      { path: CAMPAIGNS, query: { offset: '50' }, expireAccessTokens: true }
    ],
    inputs: { paginate: 'true' },
    outcome: 'recovers',
    says: /^The Ads API refused the access token \(HTTP 401\); minting a new one and trying once more\.$/m,
    file: 'json',
    requests: { token: 2 }
  }
]

/** The longest error line a person should have to read. */
const MAX_ERROR_LENGTH = 3000

const errorLines = (result: ActionRun) =>
  [...result.stdout.matchAll(/^::error::(.*)$/gm)].map(match => match[1]!)

/** The response file and the folder that holds it, made by an earlier step. */
function earlierResponseFile(): { folder: string; file: string } {
  const folder = mkdtempSync(join(tmpdir(), 'faults-'))
  const file = join(folder, 'response.json')
  writeFileSync(file, OLD_FILE)
  return { folder, file }
}

/** Replaced whole or left as it was, with no temporary file beside it. */
function expectResponseFile(
  folder: string,
  file: string,
  expected: FaultCase['file'],
  sent: string | undefined
): void {
  expect(readdirSync(folder)).toEqual(['response.json'])
  const text = readFileSync(file, 'utf8')
  if (expected === 'kept') {
    expect(text).toBe(OLD_FILE)
  } else if (expected === 'as-sent') {
    expect(text).toBe(sent)
  } else {
    expect(text).not.toBe(OLD_FILE)
    expect(() => JSON.parse(text) as unknown).not.toThrow()
  }
}

describe.each(RUNTIMES)('faults on $name', runtime => {
  let spotify: FakeSpotify

  beforeEach(async () => {
    spotify = await startFakeSpotify({ campaigns: 120 })
  })

  afterEach(async () => {
    await spotify.close()
  })

  async function run(
    inputs: Record<string, string>,
    env: Record<string, string> = {},
    secrets: string[] = []
  ): Promise<ActionRun> {
    const result = await runAction({
      runtime,
      env: { ...DEBUG, ...env },
      inputs: {
        ...fakeSpotifyInputs(spotify),
        path: `ad_accounts/${spotify.accountId}/campaigns`,
        query: `access_token=${QUERY_TOKEN}`,
        ...inputs
      }
    })
    expectNoSecretLeak(result, fakeSecrets(spotify, { issued: secrets }))
    expectNoRequestDataInErrors(result, [QUERY_TOKEN, BODY_VALUE])
    return result
  }

  const tokenRequests = () =>
    spotify.requests.filter(request => request.path === TOKEN).length
  const apiRequests = () =>
    spotify.requests.filter(request => request.path.startsWith('/ads/')).length

  function expectOutcome(result: ActionRun, fault: FaultCase): void {
    const errors = errorLines(result)
    if (fault.outcome === 'recovers') {
      expect(errors).toEqual([])
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(fault.says)
      return
    }
    expect(result.code).toBe(1)
    expect(errors).toHaveLength(1)
    const [error] = errors
    expect(error!.length).toBeLessThan(MAX_ERROR_LENGTH)
    expect(error!.replace(/^spotify-ads: /, '')).toMatch(fault.says)
  }

  describe.each([
    ['the token endpoint', TOKEN_CASES],
    ['the Ads API', API_CASES]
  ])('%s', (_, cases) => {
    it.each(cases)('$name', async fault => {
      const { folder, file } = earlierResponseFile()
      spotify.inject(...fault.faults)

      const result = await run(
        { 'response-file': file, ...fault.inputs },
        {},
        fault.secrets
      )

      expectOutcome(result, fault)
      const sent = fault.faults.find(f => typeof f.body === 'string')?.body
      expectResponseFile(folder, file, fault.file, sent as string | undefined)
      if (fault.requests) {
        const { token, api = apiRequests() } = fault.requests
        expect({ token: tokenRequests(), api: apiRequests() }).toEqual({
          token,
          api
        })
      }
    })
  })

  describe('the artifact service', () => {
    let results: FakeResultsService

    beforeEach(async () => {
      results = await startFakeResultsService()
    })

    afterEach(async () => {
      await results.close()
    })

    it.each<{ name: string; fault: ResultsFault | 'same name'; says: RegExp }>([
      {
        name: 'CreateArtifact failing',
        fault: { step: 'create' },
        says: /could not create it \(HTTP 403 Forbidden: simulated CreateArtifact failure\)/
      },
      {
        name: 'a block upload failing',
        fault: { step: 'upload' },
        says: /the storage service refused its content \(HTTP 403 AuthenticationFailed/
      },
      {
        name: 'FinalizeArtifact failing',
        fault: { step: 'finalize' },
        says: /could not finalize it \(HTTP 403 Forbidden: simulated FinalizeArtifact failure\)/
      },
      {
        name: 'a name already used in the run',
        fault: 'same name',
        says: /the name is already used in this workflow run/
      }
    ])('$name', async ({ fault, says }) => {
      const env = results.env()
      const inputs = { 'artifact-name': 'campaigns' }
      if (fault === 'same name') {
        const first = await run(inputs, env, [env.ACTIONS_RUNTIME_TOKEN!])
        expect(first.code).toBe(0)
      } else {
        results.fail(fault)
      }
      const { folder, file } = earlierResponseFile()

      const result = await run({ ...inputs, 'response-file': file }, env, [
        env.ACTIONS_RUNTIME_TOKEN!
      ])

      expect(result.code).toBe(1)
      const [error] = errorLines(result)
      expect(error).toMatch(says)
      expect(error).toContain(`The response file is kept at ${file}.`)
      expect(result.outputs.status).toBe('200')
      expectResponseFile(folder, file, 'json', undefined)
    })
  })
})
