import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it
} from '@jest/globals'
import { setOutputs } from '../src/outputs.js'
import { formatBytes, writeSummary } from '../src/summary.js'

let folder: string
let outputFile: string
let summaryFile: string
const saved = {
  GITHUB_OUTPUT: process.env.GITHUB_OUTPUT,
  GITHUB_STEP_SUMMARY: process.env.GITHUB_STEP_SUMMARY
}

function restore(name: keyof typeof saved): void {
  if (saved[name] === undefined) delete process.env[name]
  else process.env[name] = saved[name]
}

/** Reads `name<<delimiter` blocks as the runner does. */
function readOutputs(): Record<string, string> {
  const outputs: Record<string, string> = {}
  const text = readFileSync(outputFile, 'utf8')
  const block = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const [, name, , value] of text.matchAll(block)) {
    outputs[name!] = value!
  }
  return outputs
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'summary-test-'))
  outputFile = join(folder, 'github-output')
  // Note: core.summary keeps the first path it is given for the whole
  // process, so every test of this file shares one summary file.
  summaryFile = join(folder, 'step-summary')
})

beforeEach(() => {
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  process.env.GITHUB_OUTPUT = outputFile
  process.env.GITHUB_STEP_SUMMARY = summaryFile
})

afterEach(() => {
  restore('GITHUB_OUTPUT')
  restore('GITHUB_STEP_SUMMARY')
})

afterAll(() => {
  rmSync(folder, { recursive: true, force: true })
})

describe('setOutputs', () => {
  it('writes each output under its action.yml name', () => {
    setOutputs({
      accessToken: 'BQ-access',
      tokenType: 'Bearer',
      expiresIn: 3600,
      expiresAt: '2026-10-21T08:28:00.000Z',
      scope: '',
      status: 200,
      responseFile: '/runner/temp/spotify-ads/spotify-1a2b3c4d.json',
      artifactId: 42,
      artifactUrl: 'https://github.com/o/r/actions/runs/1/artifacts/42'
    })

    expect(readOutputs()).toEqual({
      'access-token': 'BQ-access',
      'token-type': 'Bearer',
      'expires-in': '3600',
      'expires-at': '2026-10-21T08:28:00.000Z',
      scope: '',
      status: '200',
      'response-file': '/runner/temp/spotify-ads/spotify-1a2b3c4d.json',
      'artifact-id': '42',
      'artifact-url': 'https://github.com/o/r/actions/runs/1/artifacts/42'
    })
  })

  it('leaves out what is undefined', () => {
    setOutputs({ status: 404, refreshToken: undefined })

    expect(readOutputs()).toEqual({ status: '404' })
  })

  it('keeps a value with line breaks whole', () => {
    setOutputs({ scope: 'ads-management\nads-reporting' })

    expect(readOutputs()).toEqual({ scope: 'ads-management\nads-reporting' })
  })
})

describe('writeSummary', () => {
  it('writes a table of what the step did', () => {
    writeSummary({
      token: {
        expiresAt: '2026-10-21T08:28:00.000Z',
        scope: 'ads-management',
        rotated: true
      },
      request: {
        method: 'GET',
        target: 'https://api-partner.spotify.com/ads/v3/businesses'
      },
      status: 200,
      responseFile: {
        path: '/runner/temp/spotify-ads/response.json',
        bytes: 2048,
        json: true
      },
      artifact: {
        name: 'report',
        id: 42,
        url: 'https://github.com/o/r/actions/runs/1/artifacts/42'
      }
    })

    const summary = readFileSync(summaryFile, 'utf8')
    expect(summary).toContain('<h3>Spotify Ads API</h3>')
    expect(summary).toContain('<th>Step</th><th>Result</th>')
    expect(summary).toContain(
      '<td>Access token</td><td>minted, expires 2026-10-21T08:28:00.000Z; Spotify returned a new refresh token</td>'
    )
    expect(summary).toContain(
      '<td>Request</td><td>GET https://api-partner.spotify.com/ads/v3/businesses: HTTP 200</td>'
    )
    expect(summary).toContain(
      '<td>Response file</td><td>/runner/temp/spotify-ads/response.json (2.0 KiB, JSON)</td>'
    )
    expect(summary).toContain(
      '<td>Artifact</td><td><a href="https://github.com/o/r/actions/runs/1/artifacts/42">report</a> (id 42)</td>'
    )
  })

  it('says when a request got no answer and the file is not JSON', () => {
    writeSummary({
      request: { method: 'POST', target: 'https://api-partner.spotify.com/x' },
      responseFile: { path: '/tmp/r.json', bytes: 12, json: false },
      artifact: { name: 'report', id: 7 }
    })

    const summary = readFileSync(summaryFile, 'utf8')
    expect(summary).toContain(
      'POST https://api-partner.spotify.com/x: no answer'
    )
    expect(summary).toContain('(12 B, not JSON, kept as it came)')
    expect(summary).toContain('<td>Artifact</td><td>report (id 7)</td>')
  })

  it('escapes HTML in what it shows', () => {
    writeSummary({
      responseFile: { path: '/tmp/<b>bold</b>.json', bytes: 1, json: true },
      artifact: {
        name: '<img src=x onerror=alert(1)>',
        id: 1,
        url: 'https://example.com/"><script>alert(1)</script>'
      },
      failure:
        'Input \'body\' must be valid JSON: Unexpected token < in "<x>" & more'
    })

    const summary = readFileSync(summaryFile, 'utf8')
    expect(summary).not.toMatch(/<(b|img|script|x)\b/)
    expect(summary).toContain('/tmp/&#60;b&#62;bold&#60;/b&#62;.json')
    expect(summary).toContain(
      'href="https://example.com/&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"'
    )
    expect(summary).toContain(
      "<td>Failed</td><td>Input 'body' must be valid JSON: Unexpected token &#60; in &#34;&#60;x&#62;&#34; &#38; more</td>"
    )
  })

  it('appends to what earlier steps wrote', () => {
    writeFileSync(summaryFile, '# Earlier step\n')

    writeSummary({ failure: 'boom' })

    const summary = readFileSync(summaryFile, 'utf8')
    expect(summary.startsWith('# Earlier step\n')).toBe(true)
    expect(summary).toContain('<td>Failed</td><td>boom</td>')
  })

  it('does nothing outside a runner', () => {
    delete process.env.GITHUB_STEP_SUMMARY

    writeSummary({ failure: 'boom' })

    expect(readFileSync(summaryFile, 'utf8')).toBe('')
  })
})

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [1024 * 1024, '1.0 MiB'],
    [5.5 * 1024 * 1024, '5.5 MiB']
  ])('shows %i bytes as %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected)
  })
})
