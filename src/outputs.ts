import * as workflow from './workflow.js'

/** The action's outputs, by their camelCase names. */
export interface Outputs {
  accessToken: string
  tokenType: string
  expiresIn: number
  expiresAt: string
  scope: string
  refreshToken: string
  status: number
  responseFile: string
  result: string
  itemCount: number
  pageCount: number
  reportId: string
  reportStatus: string
  reportFile: string
  artifactId: number
  artifactUrl: string
}

/**
 * Sets outputs under their `action.yml` names (`expiresAt` becomes
 * `expires-at`). A secret among them must already be masked.
 */
export function setOutputs(outputs: Partial<Outputs>): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value === undefined) continue
    workflow.setOutput(kebabCase(name), String(value))
  }
}

function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`)
}
