import * as core from '@actions/core'
import { dirname } from 'node:path'
import { apiError, callApi, type TokenSource } from './api.js'
import { messageOf } from './errors.js'
import { formatSeconds, Transport, type HttpResponse } from './http.js'
import { parseInputs, type ActionInputs } from './inputs.js'
import type { Log } from './log.js'
import { setOutputs } from './outputs.js'
import { defaultResponseFile, writeFileAtomic } from './response-file.js'
import { formatBytes, writeSummary, type RunReport } from './summary.js'
import { refreshAccessToken, type AccessToken } from './token.js'
import { describeTarget } from './url.js'

export const USER_AGENT = 'spotify-ads-action/1.0'

/** The action's log: the runner's, with its masking. */
export const actionLog: Log = {
  debug: message => core.debug(message),
  info: message => core.info(message),
  warning: message => core.warning(message),
  mask: secret => core.setSecret(secret)
}

/**
 * The action's main job: mint an access token, then, when a path is given,
 * call the Ads API and keep the answer as a file and maybe an artifact.
 */
export async function run(): Promise<void> {
  // Masked before validation, so that no later line can show them.
  maskSecretInputs()
  const inputs = parseInputs(name => core.getInput(name))

  const report: RunReport = {}
  const transport = new Transport({
    timeoutMs: inputs.timeoutMs,
    maxRetries: inputs.maxRetries,
    log: actionLog,
    userAgent: USER_AGENT
  })
  try {
    await mintAndCall(inputs, transport, report)
  } catch (error) {
    report.failure = messageOf(error)
    throw error
  } finally {
    transport.close()
    await writeSummary(report)
  }
}

function maskSecretInputs(): void {
  for (const name of ['client-secret', 'refresh-token']) {
    const value = core.getInput(name)
    if (value) core.setSecret(value)
  }
}

async function mintAndCall(
  inputs: ActionInputs,
  transport: Transport,
  report: RunReport
): Promise<void> {
  const tokens = new ActionTokens(inputs, transport, report)
  await tokens.mint()

  const { request } = inputs
  if (!request) {
    core.info(
      'No path given: the step only minted an access token (output access-token).'
    )
    return
  }

  const target = describeTarget(request.url)
  report.request = { method: request.method, target }
  core.info(`Calling ${request.method} ${target}`)
  const started = Date.now()
  const response = await callApi(
    transport,
    inputs.apiBaseUrl,
    request,
    tokens,
    actionLog
  )
  report.status = response.status
  core.info(`HTTP ${response.status} in ${formatSeconds(Date.now() - started)}`)

  const responseFile = await keepResponse(inputs, response, report)
  setOutputs({ status: response.status, responseFile })
  if (inputs.artifactName) {
    await uploadResponse(
      inputs.artifactName,
      responseFile,
      inputs.retentionDays,
      report
    )
  }

  if (response.status < 200 || response.status > 299) {
    const error = apiError(request, response)
    if (inputs.failOnHttpError) throw error
    core.warning(
      `${error.message}. The step stays green because fail-on-http-error is false; read the status output to act on it.`
    )
  }
}

/** Mints tokens and keeps the outputs in step with the newest one. */
class ActionTokens implements TokenSource {
  private token?: AccessToken

  constructor(
    private readonly inputs: ActionInputs,
    private readonly transport: Transport,
    private readonly report: RunReport
  ) {}

  current(): string {
    return this.token?.accessToken ?? ''
  }

  async renew(): Promise<string> {
    await this.mint()
    return this.current()
  }

  /**
   * https://developer.spotify.com/documentation/web-api/tutorials/refreshing-tokens
   */
  async mint(): Promise<void> {
    core.info(
      `Minting an access token at ${describeTarget(this.inputs.tokenUrl)}`
    )
    const token = await refreshAccessToken(
      this.transport,
      this.inputs.tokenUrl,
      this.inputs.credentials,
      actionLog
    )
    this.token = token
    const expiresAt = token.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z')
    setOutputs({
      accessToken: token.accessToken,
      tokenType: token.tokenType,
      expiresIn: token.expiresIn,
      expiresAt,
      scope: token.scope,
      refreshToken: token.refreshToken
    })
    const scope = token.scope ? ` (scope: ${token.scope})` : ''
    core.info(
      `Minted a ${token.tokenType} access token that expires at ${expiresAt}${scope}.`
    )

    if (token.refreshToken) {
      core.warning(
        'Spotify returned a new refresh token. It is in the refresh-token output (masked). Store it in the secret you pass as refresh-token (for example with `gh secret set SPOTIFY_REFRESH_TOKEN`), as the old one may stop working.'
      )
    }
    this.report.token = {
      expiresAt,
      scope: token.scope,
      rotated: Boolean(token.refreshToken || this.report.token?.rotated)
    }
  }
}

/** Writes the answer whole, as it came, whatever its status. */
async function keepResponse(
  inputs: ActionInputs,
  response: HttpResponse,
  report: RunReport
): Promise<string> {
  const path = inputs.responseFile ?? defaultResponseFile(process.env)
  await writeFileAtomic(path, response.body)

  const json = isJson(response.body)
  report.responseFile = { path, bytes: response.body.length, json }
  core.info(`Wrote ${formatBytes(response.body.length)} to ${path}`)
  if (!json && response.body.length > 0) {
    const type = response.headers['content-type'] ?? 'no content type'
    core.info(`The answer is not JSON (${type}); it is kept as it came.`)
  }
  return path
}

async function uploadResponse(
  name: string,
  file: string,
  retentionDays: number | undefined,
  report: RunReport
): Promise<void> {
  // Loaded here so that a token-only step never pays for the artifact client.
  const { uploadArtifact } = await import('./artifact.js')
  const upload = await uploadArtifact(
    name,
    [file],
    dirname(file),
    retentionDays
  )
  setOutputs({ artifactId: upload.id, artifactUrl: upload.url })
  report.artifact = { name, id: upload.id, url: upload.url }
}

function isJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8'))
    return true
  } catch {
    return false
  }
}
