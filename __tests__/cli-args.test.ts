/**
 * The command-line tool's pure parts: option parsing, the redacting log,
 * the callback's checks, dates. Tables of cases, no network.
 */
import { describe, expect, it } from '@jest/globals'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../src/errors.js'
import {
  authorizeOptions,
  authorizeUrl,
  monthsAfter,
  parseRedirectUri
} from '../src/cli/authorize.js'
import { readCallback, sameState } from '../src/cli/callback.js'
import { UsageError } from '../src/cli/errors.js'
import { findOnPath, parseRepository } from '../src/cli/gh.js'
import {
  AUTHORIZE_HELP,
  MAIN_HELP,
  REQUEST_HELP,
  TOKEN_HELP
} from '../src/cli/help.js'
import { TerminalLog } from '../src/cli/log.js'
import { requestOptions } from '../src/cli/request.js'
import { tokenOptions } from '../src/cli/token.js'

const CREDENTIALS = {
  SPOTIFY_CLIENT_ID: 'client-id',
  SPOTIFY_CLIENT_SECRET: 'client-secret',
  SPOTIFY_REFRESH_TOKEN: 'refresh-token'
}

function usageMessage(parse: () => unknown): string {
  try {
    parse()
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    return (error as Error).message
  }
  throw new Error('expected a UsageError')
}

describe('authorizeOptions', () => {
  it('has defaults for everything but the client id', () => {
    const options = authorizeOptions([], { SPOTIFY_CLIENT_ID: ' abc \n' })

    expect(options).toMatchObject({
      clientId: 'abc',
      redirectUri: 'http://127.0.0.1:8080/callback',
      scope: '',
      open: true,
      json: false,
      setSecret: undefined,
      timeoutMs: 300_000,
      verbose: false
    })
    expect(options.accountsUrl.href).toBe('https://accounts.spotify.com/')
  })

  it('prefers --client-id to SPOTIFY_CLIENT_ID', () => {
    const options = authorizeOptions(['--client-id', 'flag'], {
      SPOTIFY_CLIENT_ID: 'env'
    })

    expect(options.clientId).toBe('flag')
  })

  it.each([
    [['--set-secret'], { repository: undefined }],
    [['--set-secret', 'org/repo'], { repository: 'org/repo' }],
    [['--set-secret=org/repo'], { repository: 'org/repo' }],
    [
      ['--set-secret', 'github.example.com/org/repo'],
      {
        repository: 'github.example.com/org/repo'
      }
    ],
    [['--set-secret', '--json'], { repository: undefined }],
    [['--json', '--set-secret'], { repository: undefined }]
  ])('reads %j', (args, expected) => {
    const options = authorizeOptions(['--client-id', 'id', ...args], {})

    expect(options.setSecret).toEqual(expected)
  })

  it.each([
    [[], {}, '--client-id is missing'],
    [['--client-id', 'two words'], {}, 'one word'],
    [['--client-id', 'a', 'stray'], {}, "unexpected argument 'stray'"],
    [['--client-id', 'a', '--set-secret', 'a/b', 'c'], {}, "argument 'c'"],
    [['--client-id', 'a', '--set-secret=-x/y'], {}, "unknown option '-x'"],
    [['--client-id', 'a', '--json=yes'], {}, 'does not take an argument'],
    [['--client-id', 'a', '--bogus'], {}, "unknown option '--bogus'"],
    [
      ['--client-id', 'a'],
      { SPOTIFY_ADS_AUTHORIZE_TIMEOUT_SECONDS: '0' },
      'SPOTIFY_ADS_AUTHORIZE_TIMEOUT_SECONDS must be a number of seconds above 0'
    ],
    [['--client-id', 'a', '--scope', 'a\u0007b'], {}, 'control characters']
  ])('refuses %j %j', (args, env, expected) => {
    expect(usageMessage(() => authorizeOptions(args, env))).toContain(expected)
  })

  it('takes a shorter timeout from the environment, for tests', () => {
    const options = authorizeOptions(['--client-id', 'a'], {
      SPOTIFY_ADS_AUTHORIZE_TIMEOUT_SECONDS: '0.5'
    })

    expect(options.timeoutMs).toBe(500)
  })
})

describe('parseRedirectUri', () => {
  it.each([
    'http://127.0.0.1:8080/callback',
    'http://127.0.0.1/',
    'http://[::1]:9000/cb',
    'http://127.1.2.3:1234/a/b'
  ])('accepts %s', value => {
    expect(parseRedirectUri(value).href).toBe(new URL(value).href)
  })

  it.each([
    ['not a url', 'is not a URL'],
    ['http://localhost:8080/callback', 'not localhost'],
    ['https://127.0.0.1:8080/callback', 'must be http://'],
    ['http://example.com/callback', 'loopback address'],
    ['http://user:pass@127.0.0.1:8080/', 'credentials'],
    ['http://127.0.0.1:8080/callback?x=1', 'a query'],
    ['http://127.0.0.1:8080/callback#top', 'a fragment']
  ])('refuses %s', (value, expected) => {
    expect(usageMessage(() => parseRedirectUri(value))).toContain(expected)
  })
})

describe('authorizeUrl', () => {
  it('carries the client id, code response, redirect URI, state and scope', () => {
    const options = authorizeOptions(
      [
        '--client-id',
        'abc',
        '--scope',
        ' one two ',
        '--accounts-url',
        'http://127.0.0.1:9/base/'
      ],
      {}
    )

    const url = authorizeUrl(options, 'the-state')

    expect(url.href).toBe(
      'http://127.0.0.1:9/base/authorize?client_id=abc&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcallback&state=the-state&scope=one+two'
    )
  })
})

describe('tokenOptions and requestOptions', () => {
  it('read the credentials, trimmed, and the defaults of the action', () => {
    const options = requestOptions(['businesses'], {
      ...CREDENTIALS,
      SPOTIFY_REFRESH_TOKEN: ' refresh-token\n'
    })

    expect(options.inputs.credentials).toEqual({
      clientId: 'client-id',
      clientSecret: 'client-secret',
      refreshToken: 'refresh-token'
    })
    expect(options.inputs.tokenUrl.href).toBe(
      'https://accounts.spotify.com/api/token'
    )
    expect(options.request.url.href).toBe(
      'https://api-partner.spotify.com/ads/v3/businesses'
    )
    expect(options.request.method).toBe('GET')
    expect(options.out).toBeUndefined()
    expect(options.inputs.timeoutMs).toBe(30_000)
    expect(options.inputs.maxRetries).toBe(3)
  })

  it('maps every flag onto its action input', () => {
    const options = requestOptions(
      [
        'ad_accounts/1/campaigns',
        '--method',
        'patch',
        '--query',
        'a=1',
        '--query',
        'a=2=3',
        '--body',
        '{"x":1}',
        '--out',
        'out/file.json',
        '--accounts-url',
        'http://127.0.0.1:9',
        '--api-base-url',
        'http://127.0.0.1:9/ads/v2',
        '--timeout-seconds',
        '5',
        '--max-retries',
        '0',
        '--verbose'
      ],
      CREDENTIALS
    )

    expect(options.request.method).toBe('PATCH')
    expect(options.request.url.href).toBe(
      'http://127.0.0.1:9/ads/v2/ad_accounts/1/campaigns?a=1&a=2%3D3'
    )
    expect(options.request.body).toBe('{"x":1}')
    expect(options.out).toBe(join(process.cwd(), 'out/file.json'))
    expect(options.inputs.tokenUrl.href).toBe('http://127.0.0.1:9/api/token')
    expect(options.inputs.timeoutMs).toBe(5000)
    expect(options.inputs.maxRetries).toBe(0)
    expect(options.verbose).toBe(true)
  })

  it.each([
    [
      ['businesses'],
      { SPOTIFY_CLIENT_ID: 'x' },
      'SPOTIFY_CLIENT_SECRET, SPOTIFY_REFRESH_TOKEN are not set'
    ],
    [
      ['businesses'],
      { ...CREDENTIALS, SPOTIFY_CLIENT_ID: '' },
      'SPOTIFY_CLIENT_ID is not set'
    ],
    [
      ['businesses'],
      { ...CREDENTIALS, SPOTIFY_CLIENT_SECRET: 'a b' },
      'SPOTIFY_CLIENT_SECRET contains whitespace'
    ],
    [
      ['businesses'],
      { ...CREDENTIALS, SPOTIFY_CLIENT_ID: 'a:b' },
      "SPOTIFY_CLIENT_ID must not contain ':'"
    ],
    [[], CREDENTIALS, 'PATH is missing'],
    [['  '], CREDENTIALS, 'PATH is missing'],
    [['a', 'b'], CREDENTIALS, "unexpected argument 'b'"],
    [['a', '--query', '=1'], CREDENTIALS, "--query '=1' is not KEY=VALUE"],
    [
      ['a', '--max-retries', '11'],
      CREDENTIALS,
      '--max-retries must be a whole number from 0 to 10'
    ],
    [
      ['a', '--accounts-url', 'ftp://x'],
      CREDENTIALS,
      '--accounts-url must use https://'
    ],
    [['a', '--out', tmpdir()], CREDENTIALS, '--out is the folder'],
    [['a', '--method'], CREDENTIALS, "'--method <value>' argument missing"]
  ])('request refuses %j with %j', (args, env, expected) => {
    expect(usageMessage(() => requestOptions(args, env))).toContain(expected)
  })

  it.each([
    [['stray'], "unexpected argument 'stray'"],
    [['--timeout-seconds', 'x'], '--timeout-seconds must be a whole number']
  ])('token refuses %j', (args, expected) => {
    expect(usageMessage(() => tokenOptions(args, CREDENTIALS))).toContain(
      expected
    )
  })

  it('keeps InputError for nothing: every refusal is a UsageError', () => {
    expect(() =>
      requestOptions(['a', '--method', 'GO'], CREDENTIALS)
    ).not.toThrow(InputError)
  })
})

describe('TerminalLog', () => {
  function capture(level = { status: true, debug: true }) {
    let text = ''
    const log = new TerminalLog(
      { write: data => (text += String(data)), isTTY: false },
      level
    )
    return { log, text: () => text }
  }

  it('redacts every masked secret from every line, the longest first', () => {
    const { log, text } = capture()
    log.mask('abc')
    log.mask('abcdef')
    log.mask('a b/c')

    log.info('abcdef and abc')
    log.debug('a b/c, a%20b%2Fc')
    log.warning('abc!')
    log.error('xabcx')
    log.say('plain')

    expect(text()).toBe(
      [
        '*** and ***',
        'debug: ***, ***',
        'warning: ***!',
        'spotify-ads: x***x',
        'plain',
        ''
      ].join('\n')
    )
  })

  it('ignores empty secrets', () => {
    const { log, text } = capture()
    log.mask('')
    log.mask('  ')

    log.info('a  b')

    expect(text()).toBe('a  b\n')
  })

  it('shows progress and debug lines only when asked to', () => {
    const { log, text } = capture({ status: false, debug: false })

    log.info('progress')
    log.debug('detail')
    log.warning('always')

    expect(text()).toBe('warning: always\n')
  })
})

describe('readCallback', () => {
  const state = 'expected-state'
  const read = (query: string) =>
    readCallback(new URLSearchParams(query), state)

  it('gives the code when the state matches', () => {
    expect(read('code=the-code&state=expected-state')).toEqual({
      code: 'the-code'
    })
  })

  it.each([
    ['code=c', 400, 'carries no state'],
    ['code=c&state=other', 400, 'does not match'],
    ['code=c&state=', 400, 'does not match'],
    ['error=access_denied', 400, 'carries no state'],
    ['error=access_denied&state=expected-state', 403, 'declined'],
    ['error=server_error&state=expected-state', 400, 'error=server_error'],
    ['error=a%0Ab&state=expected-state', 400, 'error=a?b'],
    ['state=expected-state', 400, 'neither a code nor an error']
  ])('refuses %s with %i', (query, status, expected) => {
    const callback = read(query)

    expect('refusal' in callback && callback.status).toBe(status)
    expect('refusal' in callback && callback.refusal.message).toContain(
      expected
    )
  })

  it('shortens a long error', () => {
    const callback = read(`error=${'x'.repeat(300)}&state=expected-state`)

    expect('refusal' in callback && callback.refusal.message).toContain(
      `${'x'.repeat(100)}…`
    )
  })
})

describe('sameState', () => {
  it.each([
    ['a', 'a', true],
    ['a', 'b', false],
    ['a', 'aa', false],
    ['', 'a', false]
  ])('%j and %j: %s', (received, expected, same) => {
    expect(sameState(received, expected)).toBe(same)
  })
})

describe('monthsAfter', () => {
  it.each([
    ['2026-01-15T10:00:00Z', '2026-07-15T10:00:00.000Z'],
    ['2026-08-31T23:59:59Z', '2027-02-28T23:59:59.000Z'],
    ['2027-08-31T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['2026-12-31T12:00:00Z', '2027-06-30T12:00:00.000Z'],
    ['2026-07-20T00:00:00Z', '2027-01-20T00:00:00.000Z']
  ])('6 months after %s is %s', (from, to) => {
    expect(monthsAfter(new Date(from), 6).toISOString()).toBe(to)
  })
})

describe('parseRepository', () => {
  it.each(['org/repo', 'my-org/ad.reports', 'ghe.example.com/org/repo'])(
    'accepts %s',
    value => {
      expect(parseRepository(` ${value} `)).toBe(value)
    }
  )

  it.each(['', 'repo', '-org/repo', 'org/-repo', 'a/b/c/d', 'org/re po'])(
    'refuses %j',
    value => {
      expect(() => parseRepository(value)).toThrow(UsageError)
    }
  )
})

describe('findOnPath', () => {
  const folder = mkdtempSync(join(tmpdir(), 'find-on-path-'))
  writeFileSync(join(folder, 'tool'), '#!/bin/sh\n')
  chmodSync(join(folder, 'tool'), 0o755)
  writeFileSync(join(folder, 'plain'), '')
  writeFileSync(join(folder, 'tool.EXE'), '')
  chmodSync(join(folder, 'tool.EXE'), 0o755)

  it('finds an executable file', () => {
    expect(findOnPath('tool', { PATH: `/nonexistent:${folder}` })).toBe(
      join(folder, 'tool')
    )
  })

  it('skips a file that is not executable, and folders', () => {
    expect(findOnPath('plain', { PATH: folder })).toBeUndefined()
    expect(findOnPath('tool', { PATH: tmpdir() })).toBeUndefined()
    expect(findOnPath('tool', {})).toBeUndefined()
  })

  it('tries PATHEXT on Windows', () => {
    expect(
      findOnPath('tool', { Path: folder, PATHEXT: '.COM;.EXE' }, 'win32')
    ).toBe(join(folder, 'tool.EXE'))
  })
})

describe('help', () => {
  it.each([
    ['main', MAIN_HELP],
    ['authorize', AUTHORIZE_HELP],
    ['token', TOKEN_HELP],
    ['request', REQUEST_HELP]
  ])('%s fits 80 columns and shows examples and exit codes', (_, text) => {
    expect(text.split('\n').filter(line => line.length > 80)).toEqual([])
    expect(text).toContain('Examples:')
    expect(text).toMatch(
      /0 {2}success\n {2}1 {2}.*\n(.*\n)? {2}2 {2}usage error/
    )
  })
})
