// The words the generated organisation is made of: user, company and contact names, the pipelines with their
// statuses, and notes. Deliberately international, with Markdown/HTML metacharacters: they are data, not markup.
import type { StatusType } from '../close/types';

export const USER_NAMES: [string, string][] = [
  ['Amara', 'Okafor'],
  ['Björn', 'Lindqvist'],
  ['Chen', 'Wei'],
  ['Diego', 'Hernández'],
  ['Fatima', 'Al-Sayed'],
  ['Hiroshi', 'Tanaka'],
  ['Priya', 'Raman'],
  ['Sam', "O'Brien"],
];
export const DEACTIVATED_USER: [string, string] = ['Morgan', 'Reyes'];

export const PIPELINES: { name: string; weight: number; statuses: [string, StatusType][] }[] = [
  {
    name: 'Sales',
    weight: 6,
    statuses: [
      ['Active', 'active'],
      ['Demo Scheduled', 'active'],
      ['Proposal Sent', 'active'],
      ['Won', 'won'],
      ['Lost', 'lost'],
    ],
  },
  {
    name: 'Renewals',
    weight: 3,
    statuses: [
      ['Renewal Due', 'active'],
      ['Negotiating', 'active'],
      ['Renewed', 'won'],
      ['Churned', 'lost'],
    ],
  },
  {
    name: 'Partnerships',
    weight: 1,
    statuses: [
      ['Exploring', 'active'],
      ['Signed', 'won'],
      ['Declined', 'lost'],
    ],
  },
];

// prettier-ignore
export const COMPANY_FIRST = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Wonka', 'Hooli', 'Pied Piper', 'Vandelay',
  'Bluth', 'Soylent', 'Tyrell', 'Cyberdyne', 'Aperture', 'Black Mesa', 'Dunder Mifflin', 'Sterling Cooper',
  'Prestige', 'Monarch', 'Oscorp', 'Nakatomi', 'Gringotts', 'Duff', 'Krusty', 'Massive Dynamic', 'Virtucon',
  'Blue Sun', 'Weyland', 'Zorg', 'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Adatum',
  'さくら', 'ヤマト', 'النور', 'Żabka', 'Øresund', 'Ünlü', 'Çelik', 'São Paulo', '🚀 Rocket', 'Müller & Söhne',
];
export const COMPANY_SUFFIX = ['Inc', 'Corp', 'LLC', 'Ltd', 'GmbH', 'Labs', 'Industries', 'Systems', 'Group', 'Holdings', 'AG', 'SA', '株式会社', 'Co.'];
// prettier-ignore
export const FIRST_NAMES = [
  'Alice', 'Bob', 'Carol', 'Dave', 'Eve', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Niaj',
  'Olivia', 'Peggy', 'Rupert', 'Sybil', 'Trent', 'Victor', 'Walter', 'Zoë', 'José', 'Søren', 'Ayşe',
  '太郎', '花子', 'محمد', 'فاطمة', 'Łukasz', 'Nguyễn',
];
// prettier-ignore
export const LAST_NAMES = [
  'Smith', 'Johnson', 'Coyote', 'Runner', 'Müller', 'Núñez', 'Ångström', "O'Connor", 'van der Berg',
  'Kowalski', 'Yılmaz', '山田', '佐藤', 'العلي', 'Dubois', 'Rossi', 'Novak', 'Silva', 'Kim', 'Singh',
];

/** Notes deliberately contain Markdown/HTML metacharacters and non-Latin text: they are data, not markup. */
export const NOTES = [
  'Call went well. **Budget** approved for Q3.',
  'Pasted from the web form: <script>alert("hi")</script> <b>not bold</b>',
  'See [proposal](http://x) | pricing `v2` | discount 10%',
  'Needs security review before signing.',
  'Signed annual license',
  'Champion left the company; find a new contact.',
  '見積書を送付しました。来週フォローアップします。',
  'تم إرسال العرض. المتابعة الأسبوع القادم',
  '🚀 Expansion deal — champion is keen 🎉',
  'Follow up after the demo.\nAsk about SSO and SCIM.\n- pricing\n- timeline',
  'Competitor is cheaper, but our support wins. _Important_ account.',
  'Procurement wants net-60 terms & a MSA > 3 years',
  '# Heading that should not render\n> quoted text',
  'Renewal at risk: usage down 40% since March',
  'Über-wichtig: Vertrag bis Freitag unterschreiben',
  'Intro via partner; pilot with 5 seats',
  'Budget frozen until next fiscal year',
  'Asked for a proposal with annual billing',
  'Price: $1,200 | Seats: 12 | Term: 1y',
  'Uses `curl -u key:` against the API; wants webhooks',
];
