/**
 * The command-line tool run in-process, with a fake terminal, against the
 * fake Spotify: what the bundle tests cannot reach (a terminal to prompt
 * on, a browser to open, status lines on a terminal) and the sources'
 * coverage. The bundle itself is tested in cli.e2e.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { EventEmitter } from 'node:events'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { reportCsv } from '../fake/async-reports.js'
import { startFakeSpotify, type FakeSpotify } from '../fake/spotify.js'
import { openBrowser } from '../src/cli/browser.js'
import { listenForCallback } from '../src/cli/callback.js'
import {
  createTransport,
  parseEngineInputs,
  refreshingTokens
} from '../src/cli/engine.js'
import { TerminalLog } from '../src/cli/log.js'
import { runCli } from '../src/cli/run.js'
import {
  processTerminal,
  readHidden,
  type HiddenInput,
  type Terminal
} from '../src/cli/terminal.js'
import {
  AUTHORIZE_URL,
  consent,
  expectOnlySecret,
  freePort,
  openCallback
} from './helpers/cli.js'
import { fakeSecrets, secretForms } from './helpers/secrets.js'

interface FakeTerminal extends Terminal {
  out: string
  err: string
  prompts: string[]
  opened: string[]
}

interface TerminalOptions {
  /** What the person types at the prompt; undefined: no terminal. */
  typed?: string
  stdoutIsTTY?: boolean
  stderrIsTTY?: boolean
  /** What opening the browser says; undefined: it opened. */
  browserProblem?: string
}

function fakeTerminal(
  env: Record<string, string>,
  options: TerminalOptions = {}
): FakeTerminal {
  const terminal: FakeTerminal = {
    env,
    out: '',
    err: '',
    prompts: [],
    opened: [],
    stdout: {
      write: data => (terminal.out += String(data)),
      isTTY: options.stdoutIsTTY ?? false
    },
    stderr: {
      write: data => (terminal.err += String(data)),
      isTTY: options.stderrIsTTY ?? false
    },
    readSecret: question => {
      terminal.prompts.push(question)
      return Promise.resolve(options.typed)
    },
    openBrowser: url => {
      terminal.opened.push(url)
      return Promise.resolve(options.browserProblem)
    }
  }
  return terminal
}

/** Resolves once `read()` gives a value. */
async function eventually<T>(read: () => T | undefined): Promise<T> {
  for (let waited = 0; waited < 10_000; waited += 10) {
    const value = read()
    if (value !== undefined) return value
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  throw new Error('timed out')
}

let spotify: FakeSpotify

beforeEach(async () => {
  spotify = await startFakeSpotify({ campaigns: 12 })
})

afterEach(async () => {
  await spotify.close()
})

function credentials(): Record<string, string> {
  return {
    SPOTIFY_CLIENT_ID: spotify.clientId,
    SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
    SPOTIFY_REFRESH_TOKEN: spotify.refreshToken
  }
}

function secrets(): string[] {
  return secretForms(fakeSecrets(spotify))
}

const asRun = (terminal: FakeTerminal, code: number) => ({
  code,
  stdout: terminal.out,
  stderr: terminal.err
})

describe('token and request in-process', () => {
  it('shows status lines when stderr is a terminal, never the token', async () => {
    const terminal = fakeTerminal(credentials(), { stderrIsTTY: true })

    const code = await runCli(
      ['token', '--accounts-url', spotify.url],
      terminal
    )

    expect(code).toBe(0)
    expect(terminal.out).toBe(`${spotify.issuedAccessTokens[0]}\n`)
    expect(terminal.err).toMatch(/^Minting an access token at .*\/api\/token$/m)
    expect(terminal.err).toMatch(/^Minted a Bearer access token that expires/m)
    expectOnlySecret(
      asRun(terminal, code),
      secrets(),
      spotify.issuedAccessTokens[0]
    )
  })

  it('warns about a rotated refresh token without showing it', async () => {
    await spotify.close()
    spotify = await startFakeSpotify({ rotateRefreshToken: true })
    const terminal = fakeTerminal(credentials())

    const code = await runCli(
      ['token', '--accounts-url', spotify.url],
      terminal
    )

    expect(code).toBe(0)
    expect(spotify.issuedRefreshTokens).toHaveLength(1)
    expect(terminal.err).toContain(
      'warning: Spotify returned a new refresh token, which is not shown'
    )
    expectOnlySecret(
      asRun(terminal, code),
      secrets(),
      spotify.issuedAccessTokens[0]
    )
  })

  function requestArgs(...args: string[]): string[] {
    return [
      'request',
      '--accounts-url',
      spotify.url,
      '--api-base-url',
      spotify.apiBaseUrl,
      ...args
    ]
  }

  it('ends the answer with a newline on a terminal', async () => {
    const terminal = fakeTerminal(credentials(), { stdoutIsTTY: true })

    const code = await runCli(requestArgs('businesses'), terminal)

    expect(code).toBe(0)
    expect(terminal.out.endsWith('}\n')).toBe(true)
    expect(JSON.parse(terminal.out)).toHaveProperty('businesses')
  })

  it('says where it wrote the answer, on a terminal', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cli-out-')), 'a.json')
    const terminal = fakeTerminal(credentials(), { stderrIsTTY: true })

    const code = await runCli(requestArgs('businesses', '--out', out), terminal)

    expect(code).toBe(0)
    expect(terminal.out).toBe('')
    const bytes = readFileSync(out).length
    expect(terminal.err).toContain(`Wrote ${bytes} bytes to ${out}`)
    expect(terminal.err).toMatch(/^Calling GET .*\/businesses$/m)
    expect(terminal.err).toMatch(/^HTTP 200 in \d+ ms$/m)
  })

  it('writes the answer of a 404 to --out and exits 1', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cli-out-')), 'a.json')
    const terminal = fakeTerminal(credentials())

    const code = await runCli(
      requestArgs('businesses/nope', '--out', out),
      terminal
    )

    expect(code).toBe(1)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('sp_trace_id')
    expect(terminal.err).toMatch(/^spotify-ads: GET .* answered HTTP 404/m)
  })

  it('saves the CSV of a report it waited for as report-ID.csv in the current folder', async () => {
    await spotify.close()
    spotify = await startFakeSpotify({ reportRows: 4, asyncReportPolls: 0 })
    const folder = mkdtempSync(join(tmpdir(), 'cli-report-'))
    const terminal = fakeTerminal(credentials(), { stderrIsTTY: true })
    const cwd = process.cwd()
    process.chdir(folder)
    let code: number
    try {
      code = await runCli(
        requestArgs(
          `ad_accounts/${spotify.accountId}/async_reports`,
          '--method',
          'POST',
          '--body',
          '{"name": "Daily", "granularity": "DAY", "dimensions": ["CAMPAIGN_NAME"], "metrics": ["CLICKS"]}',
          '--wait-for-report'
        ),
        terminal
      )
    } finally {
      process.chdir(cwd)
    }

    expect(code).toBe(0)
    const { id } = spotify.asyncReports.created[0]!
    const file = join(folder, `report-${id}.csv`)
    expect(readFileSync(file, 'utf8')).toBe(reportCsv(spotify.data.reportRows))
    expect(terminal.err).toMatch(
      new RegExp(`^Report ${id} is READY after `, 'm')
    )
    expect(terminal.err).toContain(`bytes of CSV in ${file}`)
    expectOnlySecret(asRun(terminal, code), secrets())
  })

  it('shares one renewal between requests refused at once', async () => {
    const log = new TerminalLog(
      { write: () => undefined, isTTY: false },
      { status: false, debug: false }
    )
    const inputs = parseEngineInputs(
      { 'accounts-url': spotify.url },
      credentials()
    )
    const transport = createTransport(inputs, log)
    try {
      const tokens = refreshingTokens(transport, inputs, log)
      await tokens.mint()
      const first = tokens.current()

      const renewed = await Promise.all([
        tokens.renew(first),
        tokens.renew(first)
      ])
      const late = await tokens.renew(first)

      expect(renewed[0]).toBe(renewed[1])
      expect(renewed[0]).not.toBe(first)
      expect(late).toBe(renewed[0])
      expect(spotify.issuedAccessTokens).toHaveLength(2)
      expect(await tokens.renew(renewed[0])).not.toBe(renewed[0])
    } finally {
      transport.close()
    }
  })
})

describe('authorize in-process', () => {
  async function authorizeArgs(...args: string[]): Promise<string[]> {
    const port = await freePort()
    return [
      'authorize',
      '--accounts-url',
      spotify.url,
      '--client-id',
      spotify.clientId,
      '--redirect-uri',
      `http://127.0.0.1:${port}/callback`,
      ...args
    ]
  }

  it('asks for the client secret without echo, and opens the browser', async () => {
    const terminal = fakeTerminal({}, { typed: `${spotify.clientSecret}\n` })

    const running = runCli(await authorizeArgs(), terminal)
    const url = await eventually(() => terminal.opened[0])
    await openCallback(await consent(url))
    const code = await running

    expect(code).toBe(0)
    expect(terminal.prompts).toEqual([expect.stringContaining('Client secret')])
    expect(terminal.err).toMatch(AUTHORIZE_URL)
    expect(terminal.out).toBe(`${spotify.issuedRefreshTokens[0]}\n`)
    expectOnlySecret(
      asRun(terminal, code),
      secrets(),
      spotify.issuedRefreshTokens[0]
    )
  })

  it('refuses an empty client secret', async () => {
    const terminal = fakeTerminal({}, { typed: '  ' })

    const code = await runCli(await authorizeArgs(), terminal)

    expect(code).toBe(2)
    expect(terminal.err).toContain('The client secret is empty')
  })

  it('needs SPOTIFY_CLIENT_SECRET when there is no terminal', async () => {
    const terminal = fakeTerminal({})

    const code = await runCli(await authorizeArgs(), terminal)

    expect(code).toBe(2)
    expect(terminal.err).toContain('SPOTIFY_CLIENT_SECRET is not set')
    expect(terminal.opened).toEqual([])
  })

  it('prints the URL anyway when no browser opens', async () => {
    const terminal = fakeTerminal(
      {
        SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
        SPOTIFY_ADS_AUTHORIZE_TIMEOUT_SECONDS: '0.3'
      },
      { browserProblem: 'xdg-open failed: spawn xdg-open ENOENT' }
    )

    const code = await runCli(await authorizeArgs(), terminal)

    expect(code).toBe(1)
    expect(terminal.err).toMatch(AUTHORIZE_URL)
    expect(terminal.err).toContain(
      'Could not open a browser (xdg-open failed: spawn xdg-open ENOENT); open the URL yourself.'
    )
    expect(terminal.err).toContain('No answer from the browser within 300 ms')
  })

  it('says to authorize again when the code has expired', async () => {
    await spotify.close()
    spotify = await startFakeSpotify({ authorizationCodeTtlSeconds: 0 })
    const terminal = fakeTerminal({
      SPOTIFY_CLIENT_SECRET: spotify.clientSecret
    })

    const running = runCli(await authorizeArgs('--no-open'), terminal)
    const url = await eventually(() => AUTHORIZE_URL.exec(terminal.err)?.[1])
    const page = await openCallback(await consent(url))
    const code = await running

    expect(page.status).toBe(502)
    expect(code).toBe(1)
    expect(terminal.err).toContain(
      'Spotify refused the authorization code (invalid_grant)'
    )
  })

  it('fails when the token endpoint gives no refresh token', async () => {
    spotify.inject({
      path: '/api/token',
      status: 200,
      body: { access_token: 'access-only', token_type: 'Bearer' }
    })
    const terminal = fakeTerminal({
      SPOTIFY_CLIENT_SECRET: spotify.clientSecret
    })

    const running = runCli(await authorizeArgs('--no-open'), terminal)
    const url = await eventually(() => AUTHORIZE_URL.exec(terminal.err)?.[1])
    await openCallback(await consent(url))
    const code = await running

    expect(code).toBe(1)
    expect(terminal.err).toContain('answered without a refresh_token')
    expect(terminal.err).not.toContain('access-only')
  })

  it('says which variables hold the client when Spotify refuses it', async () => {
    const terminal = fakeTerminal({ SPOTIFY_CLIENT_SECRET: 'wrong' })

    const running = runCli(await authorizeArgs('--no-open'), terminal)
    const url = await eventually(() => AUTHORIZE_URL.exec(terminal.err)?.[1])
    await openCallback(await consent(url))
    const code = await running

    expect(code).toBe(1)
    expect(terminal.err).toContain('invalid_client')
    expect(terminal.err).toContain('--client-id or SPOTIFY_CLIENT_ID')
  })

  it('needs gh on PATH for --set-secret, before anything else', async () => {
    const terminal = fakeTerminal({
      SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
      PATH: mkdtempSync(join(tmpdir(), 'no-gh-'))
    })

    const code = await runCli(await authorizeArgs('--set-secret'), terminal)

    expect(code).toBe(1)
    expect(terminal.err).toContain('--set-secret needs the GitHub CLI')
    expect(terminal.opened).toEqual([])
  })

  it('names the secret in the JSON, not the token, when gh stored it', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'fake-gh-'))
    writeFileSync(join(bin, 'gh'), '#!/bin/sh\ncat > /dev/null\n')
    chmodSync(join(bin, 'gh'), 0o755)
    const terminal = fakeTerminal({
      SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
      PATH: `${bin}:/usr/bin:/bin`
    })

    const running = runCli(
      await authorizeArgs('--no-open', '--json', '--set-secret', 'org/repo'),
      terminal
    )
    const url = await eventually(() => AUTHORIZE_URL.exec(terminal.err)?.[1])
    await openCallback(await consent(url))
    const code = await running

    expect(code).toBe(0)
    const printed = JSON.parse(terminal.out) as Record<string, unknown>
    expect(printed).toMatchObject({
      secret: 'SPOTIFY_REFRESH_TOKEN',
      repository: 'org/repo'
    })
    expect(printed).not.toHaveProperty('refresh_token')
    expectOnlySecret(asRun(terminal, code), secrets())
    expect(terminal.err).toContain(
      'Stored it as the Actions secret SPOTIFY_REFRESH_TOKEN of org/repo.'
    )
  })

  it('says when gh cannot be run', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'broken-gh-'))
    writeFileSync(join(bin, 'gh'), '#!/nonexistent/interpreter\n')
    chmodSync(join(bin, 'gh'), 0o755)
    const terminal = fakeTerminal({
      SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
      PATH: bin
    })

    const running = runCli(
      await authorizeArgs('--no-open', '--set-secret'),
      terminal
    )
    const url = await eventually(() => AUTHORIZE_URL.exec(terminal.err)?.[1])
    await openCallback(await consent(url))
    const code = await running

    expect(code).toBe(1)
    expect(terminal.err).toContain(`Could not run ${join(bin, 'gh')}`)
    expect(terminal.out).toBe(`${spotify.issuedRefreshTokens[0]}\n`)
  })
})

describe('the callback server', () => {
  async function listen(exchange: (code: string) => Promise<string>) {
    const redirectUri = new URL(`http://127.0.0.1:${await freePort()}/cb`)
    const server = await listenForCallback({
      redirectUri,
      state: 'the-state',
      timeoutMs: 5000,
      exchange
    })
    return { server, redirectUri }
  }

  it('answers other paths and methods without ending the wait', async () => {
    const { server, redirectUri } = await listen(code =>
      Promise.resolve(`token for ${code}`)
    )

    const favicon = await fetch(new URL('/favicon.ico', redirectUri))
    const post = await fetch(redirectUri, { method: 'POST' })
    const done = await fetch(`${redirectUri.href}?code=c&state=the-state`)

    expect(favicon.status).toBe(404)
    expect(post.status).toBe(405)
    expect(done.status).toBe(200)
    expect(done.headers.get('referrer-policy')).toBe('no-referrer')
    expect(await server.result).toBe('token for c')
  })

  it('answers one callback only', async () => {
    let started = false
    let release: (value: string) => void = () => undefined
    const { server, redirectUri } = await listen(() => {
      started = true
      return new Promise(resolve => (release = resolve))
    })

    const first = fetch(`${redirectUri.href}?code=c&state=the-state`)
    await eventually(() => (started ? true : undefined))
    const second = await fetch(`${redirectUri.href}?code=d&state=the-state`)
    release('first')

    expect(second.status).toBe(409)
    expect((await first).status).toBe(200)
    expect(await server.result).toBe('first')
  })

  it('refuses a wrong state without exchanging the code', async () => {
    const exchanged: string[] = []
    const { server, redirectUri } = await listen(code => {
      exchanged.push(code)
      return Promise.resolve(code)
    })

    const page = await fetch(`${redirectUri.href}?code=c&state=forged`)

    expect(page.status).toBe(400)
    await expect(server.result).rejects.toThrow('does not match')
    expect(exchanged).toEqual([])
  })

  it('turns a thrown non-error into an error', async () => {
    const { server, redirectUri } = await listen(() =>
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      Promise.reject('refused')
    )

    const page = await fetch(`${redirectUri.href}?code=c&state=the-state`)

    expect(page.status).toBe(502)
    await expect(server.result).rejects.toThrow('refused')
    server.close()
  })
})

describe('openBrowser', () => {
  function opener(name: string, exitCode: number): string {
    const bin = mkdtempSync(join(tmpdir(), 'fake-opener-'))
    writeFileSync(
      join(bin, name),
      `#!/bin/sh\nprintf '%s' "$1" > '${bin}/url'\nexit ${exitCode}\n`
    )
    chmodSync(join(bin, name), 0o755)
    return bin
  }

  const url = 'https://accounts.example/authorize?a=1&b=2'

  it('runs xdg-open with the URL on Linux', async () => {
    const bin = opener('xdg-open', 0)

    const problem = await openBrowser(url, { PATH: `${bin}:/usr/bin:/bin` })

    expect(problem).toBeUndefined()
    expect(readFileSync(join(bin, 'url'), 'utf8')).toBe(url)
  })

  it('runs open on macOS, and says when it fails', async () => {
    const bin = opener('open', 3)

    const problem = await openBrowser(
      url,
      { PATH: `${bin}:/usr/bin:/bin` },
      'darwin'
    )

    expect(problem).toBe('open exited with 3')
  })

  it('says when there is no opener', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-opener-'))

    const problem = await openBrowser(url, { PATH: empty })

    expect(problem).toMatch(/^xdg-open failed: .*ENOENT/)
  })
})

describe('readHidden', () => {
  function fakeInput() {
    const events = new EventEmitter()
    const modes: boolean[] = []
    const input = Object.assign(events, {
      setRawMode: (mode: boolean) => modes.push(mode),
      setEncoding: () => undefined,
      resume: () => undefined,
      pause: () => undefined
    }) as unknown as HiddenInput
    return { events, modes, input }
  }

  function capture() {
    let text = ''
    return {
      output: {
        write: (data: string | Uint8Array) => (text += String(data)),
        isTTY: true
      },
      text: () => text
    }
  }

  it('reads a line in raw mode, with backspace, and echoes nothing', async () => {
    const { events, modes, input } = fakeInput()
    const { output, text } = capture()

    const reading = readHidden('Secret: ', input, output)
    events.emit('data', 'abx\u007f')
    events.emit('data', 'c\u0001\rignored')

    expect(await reading).toBe('abc')
    expect(text()).toBe('Secret: \n')
    expect(modes).toEqual([true, false])
  })

  it.each([
    ['Ctrl-C', 'ab\u0003'],
    ['Ctrl-D on an empty line', '\u0004']
  ])('cancels on %s', async (_, typed) => {
    const { events, input } = fakeInput()
    const { output } = capture()

    const reading = readHidden('Secret: ', input, output)
    events.emit('data', typed)

    await expect(reading).rejects.toThrow('Cancelled.')
  })
})

describe('processTerminal', () => {
  it('is the process: its environment and whether its streams are terminals', () => {
    const terminal = processTerminal()

    expect(terminal.env).toBe(process.env)
    expect(terminal.stdout.isTTY).toBe(process.stdout.isTTY === true)
    expect(terminal.stderr.isTTY).toBe(process.stderr.isTTY === true)
  })
})

describe('runCli', () => {
  it('prints the help to stderr and exits 2 without a command', async () => {
    const terminal = fakeTerminal({})

    const code = await runCli([], terminal)

    expect(code).toBe(2)
    expect(terminal.out).toBe('')
    expect(terminal.err).toContain('Usage: spotify-ads <command>')
  })

  it('prints the help of a command', async () => {
    const terminal = fakeTerminal({})

    const code = await runCli(['request', '--bogus', '-h'], terminal)

    expect(code).toBe(0)
    expect(terminal.out).toContain('Usage: spotify-ads request PATH')
  })

  it('takes -h after -- as an argument, not as help', async () => {
    const terminal = fakeTerminal(credentials())

    const code = await runCli(['token', '--', '-h'], terminal)

    expect(code).toBe(2)
    expect(terminal.err).toContain("unexpected argument '-h'")
  })

  it('refuses help for an unknown command', async () => {
    const terminal = fakeTerminal({})

    const code = await runCli(['help', 'nope'], terminal)

    expect(code).toBe(2)
    expect(terminal.err).toContain("no help for 'nope'")
    expect(terminal.err).toContain("Run 'spotify-ads --help' for usage.")
  })

  it('masks the secrets of the environment before anything else', async () => {
    const terminal = fakeTerminal({
      SPOTIFY_CLIENT_SECRET: 'secret-in-env',
      SPOTIFY_REFRESH_TOKEN: 'refresh-in-env'
    })

    await runCli(['secret-in-env', 'refresh-in-env'], terminal)

    expect(terminal.err).toContain("unknown command '***'")
    expect(terminal.err).not.toContain('in-env')
  })
})
