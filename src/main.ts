import { readFile, stat } from 'node:fs/promises'
import { dirname, sep } from 'node:path'
import { apiError } from './api.js'
import { applyExpressions, fetchDocument, type ApiContext } from './document.js'
import { messageOf } from './errors.js'
import { Transport } from './http.js'
import { parseInputs, type ActionInputs, type ApiRequest } from './inputs.js'
import type { Log } from './log.js'
import { setOutputs } from './outputs.js'
import {
  defaultResponseFile,
  writeFileAtomic,
  type FileContent
} from './response-file.js'
import {
  createdReportId,
  csvHead,
  defaultReportFile,
  waitForReport,
  type ReportState,
  type ReportWait
} from './report.js'
import { formatBytes, writeSummary, type RunReport } from './summary.js'
import type { AccessToken } from './token.js'
import { isoSeconds, RefreshingTokens } from './token-source.js'
import { describeTarget } from './url.js'
import * as workflow from './workflow.js'

export const USER_AGENT = 'spotify-ads-action/1.0'

/** The action's log: the runner's, with its masking. */
export const actionLog: Log = {
  debug: message => workflow.debug(message),
  info: message => workflow.info(message),
  warning: message => workflow.warning(message),
  mask: secret => workflow.setSecret(secret)
}

/**
 * The action's main job: mint an access token, then, when a path is given,
 * call the Ads API and keep the answer as a file and maybe an artifact.
 */
export async function run(): Promise<void> {
  // Masked before validation, so that no later line can show them.
  maskSecretInputs()
  const inputs = parseInputs(name => workflow.getInput(name))

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
    if (inputs.summary) writeSummary(report)
  }
}

function maskSecretInputs(): void {
  for (const name of ['client-secret', 'refresh-token']) {
    workflow.setSecret(workflow.getInput(name))
  }
}

async function mintAndCall(
  inputs: ActionInputs,
  transport: Transport,
  report: RunReport
): Promise<void> {
  const tokens = new RefreshingTokens(
    transport,
    inputs.tokenUrl,
    inputs.credentials,
    actionLog,
    token => publishToken(token, report)
  )
  await tokens.mint()

  const { request } = inputs
  if (!request) {
    workflow.info(
      'No path given: the step only minted an access token (output access-token).'
    )
    return
  }

  report.request = {
    method: request.method,
    target: describeTarget(request.url)
  }
  const path = inputs.responseFile ?? defaultResponseFile(process.env)
  const context: ApiContext = {
    transport,
    apiBaseUrl: inputs.apiBaseUrl,
    tokens,
    log: actionLog
  }
  const fetched = await fetchDocument(
    context,
    request,
    inputs.paging,
    content => writeResponseFile(path, content)
  )
  const { response, stats } = fetched
  report.status = response.status
  report.document = stats
  report.responseFile = { path, bytes: fetched.bytes, json: fetched.json }
  setOutputs({
    status: response.status,
    responseFile: path,
    pageCount: stats?.pageCount,
    itemCount: stats?.itemCount
  })

  const files = [path]
  if (inputs.report && fetched.ok) {
    const created = { request, answer: fetched.parsed }
    files.push(
      await followReport(inputs.report, created, context, path, report)
    )
  }
  if (inputs.artifactName) {
    await uploadFiles(inputs.artifactName, files, inputs.retentionDays, report)
  }
  if (!fetched.ok) {
    const error = apiError(request, response)
    if (inputs.failOnHttpError) throw error
    workflow.warning(
      `${error.message}. The step stays green because fail-on-http-error is false; read the status output to act on it.`
    )
  }

  const result = await applyExpressions(
    inputs,
    fetched,
    () => readFile(path, 'utf8'),
    path
  )
  if (result !== undefined) setOutputs({ result })
  if (inputs.assert) workflow.info(`assert \`${inputs.assert}\` holds.`)
}

/** Sets the token outputs; the token is masked already. */
function publishToken(token: AccessToken, report: RunReport): void {
  const expiresAt = isoSeconds(token.expiresAt)
  setOutputs({
    accessToken: token.accessToken,
    tokenType: token.tokenType,
    expiresIn: token.expiresIn,
    expiresAt,
    scope: token.scope,
    refreshToken: token.refreshToken
  })
  if (token.refreshToken) {
    workflow.warning(
      'Spotify returned a new refresh token. It is in the refresh-token output (masked). Store it in the secret you pass as refresh-token (for example with `gh secret set SPOTIFY_REFRESH_TOKEN`), as the old one may stop working.'
    )
  }
  report.token = {
    expiresAt,
    scope: token.scope,
    rotated: Boolean(token.refreshToken || report.token?.rotated)
  }
}

async function writeResponseFile(
  path: string,
  content: FileContent
): Promise<number> {
  await writeFileAtomic(path, content)
  const { size } = await stat(path)
  workflow.info(`Wrote ${formatBytes(size)} to ${path}`)
  return size
}

/**
 * Waits for the async report the request created, downloads its CSV, and
 * keeps its last status answer as the response file.
 *
 * @returns the CSV's path
 */
async function followReport(
  wait: ReportWait,
  created: { request: ApiRequest; answer: unknown },
  context: ApiContext,
  responseFile: string,
  report: RunReport
): Promise<string> {
  const id = createdReportId(created.answer)
  setOutputs({ reportId: id })
  const reportFile = wait.reportFile ?? defaultReportFile(responseFile)
  let last: ReportState = { id, status: 'CREATED' }
  try {
    const done = await waitForReport(
      context,
      created.request,
      id,
      { ...wait, reportFile },
      state => (last = state)
    )
    setOutputs({ reportFile })
    report.asyncReport = { ...done, head: await csvHead(reportFile) }
    return reportFile
  } finally {
    setOutputs({ reportStatus: last.status })
    report.asyncReport ??= last
    if (last.statusBody) {
      const bytes = await writeResponseFile(responseFile, last.statusBody)
      report.responseFile = { path: responseFile, bytes, json: true }
    }
  }
}

async function uploadFiles(
  name: string,
  files: string[],
  retentionDays: number | undefined,
  report: RunReport
): Promise<void> {
  // Loaded here so that a token-only step never pays for the artifact client.
  const { uploadArtifact } = await import('./artifact.js')
  const root = commonFolder(files)
  const upload = await uploadArtifact(name, files, root, retentionDays)
  setOutputs({ artifactId: upload.id, artifactUrl: upload.url })
  report.artifact = { name, id: upload.id, url: upload.url }
}

/** The deepest folder that holds every file: the artifact's root. */
function commonFolder(files: string[]): string {
  let folder = dirname(files[0]!)
  while (!files.every(file => file.startsWith(`${folder}${sep}`))) {
    const parent = dirname(folder)
    if (parent === folder) break
    folder = parent
  }
  return folder
}
