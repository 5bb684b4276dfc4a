/**
 * The fake's ad data: one business, one ad account, its campaigns and the
 * rows of an aggregate report. Everything comes from a seeded generator, so
 * every run sees the same ids, names and numbers and a test can compare what
 * a client saved with what the fake holds, item for item.
 *
 * Shapes follow Spotify's Ads API v3 OpenAPI description (BusinessResponse,
 * AdAccountResponse, CampaignResponse, AggregateReportRow).
 */

export interface Business {
  id: string
  name: string
  created_at: string
  updated_at: string
  status: 'ACTIVE'
  type: string
}

export interface AdAccount {
  id: string
  business_id: string
  created_at: string
  updated_at: string
  name: string
  status: string
  ad_account_role: string
  country_code: string
  currency_code: string
  industry: string
  website: string
  legal_entity_name: string
}

export interface Campaign {
  id: string
  name: string
  created_at: string
  updated_at: string
  purchase_order?: string
  status: string
  objective: string
  delivery_goal_group: string
}

export interface ReportStat {
  field_type: string
  field_value: number
}

export interface ReportRow {
  entity_type: string
  entity_id: string
  entity_name: string
  entity_status: string
  start_time: string
  end_time: string
  stats: ReportStat[]
}

export interface FakeData {
  business: Business
  adAccount: AdAccount
  campaigns: Campaign[]
  /** Each row holds a stat for every field in REPORT_FIELDS, in that order. */
  reportRows: ReportRow[]
}

export interface DataOptions {
  campaigns: number
  reportRows: number
  seed: number
}

/** The report fields the Ads API accepts (ReportFieldType). */
export const REPORT_FIELDS: readonly string[] = [
  'CLICKS',
  'COMPLETES',
  'COMPLETION_RATE',
  'CONVERSION_RATE',
  'CTR',
  'E_CPCL',
  'FIRST_QUARTILES',
  'FREQUENCY',
  'IMPRESSIONS',
  'INTENT_RATE',
  'LISTENERS',
  'MIDPOINTS',
  'NEW_LISTENERS',
  'NEW_LISTENER_CONVERSION_RATE',
  'NEW_LISTENER_STREAMS',
  'OFF_SPOTIFY_IMPRESSIONS',
  'PAID_LISTENS',
  'PAID_LISTENS_FREQUENCY',
  'PAID_LISTENS_REACH',
  'REACH',
  'SKIPS',
  'SPEND',
  'STARTS',
  'STREAMS',
  'STREAMS_PER_NEW_LISTENER',
  'STREAMS_PER_USER',
  'THIRD_QUARTILES',
  'VIDEO_VIEWS',
  'VIDEO_EXPANDS',
  'VIDEO_EXPAND_RATE',
  'UNMUTES',
  'PAGE_VIEWS',
  'LEADS',
  'ADD_TO_CART',
  'PURCHASES',
  'REVENUE',
  'AVERAGE_ORDER_VALUE',
  'RETURN_ON_AD_SPEND',
  'CUSTOMER_ACQUISITION_COST',
  'COST_PER_LEAD',
  'START_CHECKOUT',
  'PRODUCTS',
  'SIGN_UPS',
  'CUSTOM_EVENT_1',
  'CUSTOM_EVENT_2',
  'CUSTOM_EVENT_3',
  'CUSTOM_EVENT_4',
  'CUSTOM_EVENT_5',
  'STREAMED_IMPRESSIONS'
]

export const CAMPAIGN_STATUSES: readonly string[] = [
  'UNSET',
  'ACTIVE',
  'PAUSED',
  'ARCHIVED',
  'AGENT_CONTROLLED',
  'ACTIVE_RESTRICTED',
  'PENDING_ADVERTISER_REVIEW',
  'UNRECOGNIZED'
]

export const CAMPAIGN_OBJECTIVES: readonly string[] = [
  'UNSET',
  'REACH',
  'EVEN_IMPRESSION_DELIVERY',
  'CLICKS',
  'VIDEO_VIEWS',
  'PODCAST_STREAMS',
  'APP_INSTALLS',
  'WEBSITE_VISITS'
]

export const DELIVERY_GOAL_GROUPS: readonly string[] = [
  'UNSET',
  'AWARENESS',
  'WEBSITE_TRAFFIC',
  'APP_PROMOTION',
  'ENGAGEMENT_ON_SPOTIFY',
  'LEAD_GEN'
]

const DAY_MS = 24 * 60 * 60 * 1000

// Fixed dates keep the data the same whatever day the tests run.
const ACCOUNT_CREATED = Date.UTC(2024, 2, 4, 9, 30)
const FIRST_CAMPAIGN_CREATED = Date.UTC(2025, 0, 6, 10)
const FIRST_REPORT_DAY = Date.UTC(2026, 0, 1)

// How many campaigns share one report day, so rows cover several days.
const ROWS_PER_DAY = 5

const ADJECTIVES = ['Summer', 'Winter', 'Spring', 'Autumn', 'Midnight', 'Bold']
const NOUNS = ['Launch', 'Reach', 'Podcast Push', 'Tour', 'Drop', 'Awareness']

// Most campaigns run; a few are paused or finished, as in a real account.
const SEEDED_STATUSES = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'PAUSED', 'ARCHIVED']
const SEEDED_OBJECTIVES = ['REACH', 'EVEN_IMPRESSION_DELIVERY', 'CLICKS']
const SEEDED_GOALS = ['AWARENESS', 'WEBSITE_TRAFFIC', 'ENGAGEMENT_ON_SPOTIFY']

type Random = () => number

/** Builds the whole data set; the same options always give the same data. */
export function generateData(options: DataOptions): FakeData {
  const random = seededRandom(options.seed)
  const business = generateBusiness(random)
  const adAccount = generateAdAccount(random, business.id)

  const campaigns = Array.from({ length: options.campaigns }, (_, index) =>
    generateCampaign(random, index)
  )

  const reportRows = Array.from({ length: options.reportRows }, (_, index) =>
    generateReportRow(random, index, campaigns, adAccount)
  )

  return { business, adAccount, campaigns, reportRows }
}

/** An ISO 8601 UTC time without milliseconds, as Spotify writes them. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * A report row as the API answers it: only the requested stats, in the order
 * they were requested.
 */
export function rowWithFields(row: ReportRow, fields: string[]): ReportRow {
  const stats = fields.flatMap(field =>
    row.stats.filter(stat => stat.field_type === field)
  )
  return { ...row, stats }
}

// mulberry32: small, fast and good enough to make varied test data.
function seededRandom(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function seededUuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () =>
    Math.floor(random() * 16).toString(16)
  )

  // Version 4 and the RFC 4122 variant, so the ids pass uuid validators.
  hex[12] = '4'
  hex[16] = '89ab'.charAt(Math.floor(random() * 4))

  const digits = hex.join('')
  return [
    digits.slice(0, 8),
    digits.slice(8, 12),
    digits.slice(12, 16),
    digits.slice(16, 20),
    digits.slice(20)
  ].join('-')
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

function generateBusiness(random: Random): Business {
  const created = isoSeconds(ACCOUNT_CREATED)
  return {
    id: seededUuid(random),
    name: 'Fake Records Business',
    created_at: created,
    updated_at: created,
    status: 'ACTIVE',
    type: 'ADVERTISER'
  }
}

function generateAdAccount(random: Random, businessId: string): AdAccount {
  const created = isoSeconds(ACCOUNT_CREATED)
  return {
    id: seededUuid(random),
    business_id: businessId,
    created_at: created,
    updated_at: created,
    name: 'Fake Records Ads',
    status: 'ACTIVE',
    ad_account_role: 'AD_ACCOUNT_ADMIN',
    country_code: 'US',
    currency_code: 'USD',
    industry: 'Media & Entertainment',
    website: 'https://records.example.com',
    legal_entity_name: 'Fake Records Inc.'
  }
}

function generateCampaign(random: Random, index: number): Campaign {
  const created = FIRST_CAMPAIGN_CREATED + index * 7 * 60 * 60 * 1000
  const updated = created + Math.floor(random() * 30) * DAY_MS
  const number = String(index + 1).padStart(3, '0')

  const campaign: Campaign = {
    id: seededUuid(random),
    name: `${pick(random, ADJECTIVES)} ${pick(random, NOUNS)} #${number}`,
    created_at: isoSeconds(created),
    updated_at: isoSeconds(updated),
    status: pick(random, SEEDED_STATUSES),
    objective: pick(random, SEEDED_OBJECTIVES),
    delivery_goal_group: pick(random, SEEDED_GOALS)
  }

  // Purchase orders are optional; about half the campaigns carry one.
  if (random() < 0.5) {
    campaign.purchase_order = `PO-${1000 + Math.floor(random() * 9000)}`
  }
  return campaign
}

function generateReportRow(
  random: Random,
  index: number,
  campaigns: Campaign[],
  adAccount: AdAccount
): ReportRow {
  const perDay = Math.max(1, Math.min(campaigns.length, ROWS_PER_DAY))
  const start = FIRST_REPORT_DAY + Math.floor(index / perDay) * DAY_MS
  const campaign = campaigns[index % perDay]

  // Without campaigns, the account itself is the only entity to report on.
  const entity = campaign
    ? {
        entity_type: 'CAMPAIGN',
        entity_id: campaign.id,
        entity_name: campaign.name,
        entity_status: campaign.status
      }
    : {
        entity_type: 'AD_ACCOUNT',
        entity_id: adAccount.id,
        entity_name: adAccount.name,
        entity_status: 'ACTIVE'
      }

  return {
    ...entity,
    start_time: isoSeconds(start),
    end_time: isoSeconds(start + DAY_MS),
    stats: generateStats(random)
  }
}

function generateStats(random: Random): ReportStat[] {
  const impressions = 1000 + Math.floor(random() * 50_000)
  const clicks = Math.floor(impressions * (0.001 + random() * 0.02))
  const reach = Math.floor(impressions * (0.4 + random() * 0.5))
  const spend = roundTo((impressions / 1000) * (8 + random() * 12), 6)

  // The headline metrics agree with each other; the rest are plausible noise.
  const known: Record<string, number> = {
    IMPRESSIONS: impressions,
    STREAMED_IMPRESSIONS: impressions,
    CLICKS: clicks,
    CTR: roundTo(clicks / impressions, 6),
    REACH: reach,
    FREQUENCY: roundTo(impressions / reach, 6),
    SPEND: spend
  }

  return REPORT_FIELDS.map(field => ({
    field_type: field,
    field_value: known[field] ?? noiseFor(random, field, impressions)
  }))
}

function noiseFor(random: Random, field: string, impressions: number): number {
  const isRatio = /RATE|PER_|FREQUENCY|RETURN_ON|COST|VALUE|E_CPCL/.test(field)
  if (isRatio) return roundTo(random() * 2, 6)
  if (field === 'REVENUE') return roundTo(random() * 5000, 2)
  return Math.floor(random() * impressions * 0.5)
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
