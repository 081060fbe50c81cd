// Deterministic newsroom content for the benchmark: the same seed and size give the same images, quotes and
// articles on every run (times are relative to now), so two runs (or two machines) compare like with like. Article `i` is made from its own
// random stream, so any article can be rebuilt without keeping the others in memory (1,000,000 fit in no RAM
// budget as objects, but stream through fine).

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG; good enough for test data, never for secrets. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const int = (rand: Random, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
/** A skewed rank (about Zipf's law): a few items are very common and most are rare, as words and tags are. */
const zipf = (rand: Random, size: number) =>
  Math.min(size - 1, Math.floor(Math.exp(rand() ** 1.6 * Math.log(size + 1))) - 1);

// Function words first (most frequent), then a newsroom's common words, then place and topic words that double as
// tags and search terms. The long tail is made of pronounceable synthetic words.
const COMMON = `the of and to in a is that for on was with he it as at by from his said be has have are
an they not but had were this which who their been also after will its more one would there she about when
up out what we over than two into year could first all new other people some last time government officials
country minister president police state years told week city military forces report statement security
group including against local public during since under between three while where former million support
according national according officials spokesman agency announced later before early talks plan health
court law energy prices market company workers union election vote party leader parliament council budget
economy bank rates inflation trade border troops attack ceasefire region village hospital school students
climate weather storm flood fire drought water power grid oil gas emissions summit agreement sanctions
investigation trial judge prosecutors charges evidence witnesses families victims rescue emergency aid
refugees camp soldiers captured prisoners intelligence capital offensive defence missile drone strike
coast island mountain river airport railway bridge road port factory farmers crops harvest exports imports`
  .split(/\s+/)
  .filter(Boolean);

export const PLACES = [
  'ukraine',
  'russia',
  'kursk',
  'kyiv',
  'seoul',
  'pyongyang',
  'london',
  'paris',
  'berlin',
  'brussels',
  'washington',
  'beijing',
  'tokyo',
  'delhi',
  'nairobi',
  'lagos',
  'cairo',
  'madrid',
  'rome',
  'warsaw',
  'ankara',
  'tehran',
  'jakarta',
  'manila',
  'sydney',
  'toronto',
  'mexico',
  'brasilia',
  'santiago',
  'lima',
] as const;

export const TOPICS = [
  'politics',
  'elections',
  'economy',
  'climate',
  'energy',
  'health',
  'education',
  'courts',
  'crime',
  'transport',
  'housing',
  'technology',
  'football',
  'tennis',
  'cricket',
  'music',
  'film',
  'books',
  'science',
  'space',
  'agriculture',
  'migration',
  'diplomacy',
  'defence',
  'labour',
  'markets',
  'banking',
  'weather',
  'wildlife',
  'religion',
] as const;

export const SECTIONS = ['news', 'world', 'politics', 'business', 'sport', 'culture', 'science', 'opinion'] as const;

const SYLLABLES = ['ka', 'ro', 'mi', 'tel', 'var', 'son', 'dra', 'lin', 'pe', 'qu', 'ist', 'ber', 'ul', 'nor', 'zan'];
const FIRST = ['Anna', 'Oleksandr', 'Min-jun', 'Sofia', 'James', 'Amara', 'Luis', 'Yuki', 'Fatima', 'Pierre', 'Ewa'];
const LAST = ['Kovalenko', 'Kim', 'Rossi', 'Okafor', 'Tanaka', 'Novak', 'Haddad', 'Silva', 'Dubois', 'Schmidt'];
const ROLES = ['spokesperson', 'minister', 'analyst', 'mayor', 'professor', 'commander', 'chief executive', null];
const ORGANISATIONS = ['Ministry of Defence', 'City Council', 'Central Bank', 'Red Cross', 'University', null];
const CHANNELS = ['statement', 'interview', 'Telegram', 'press conference', 'X', null];
const CREDITS = ['AP', 'Reuters', 'AFP', 'Staff', 'EPA', null];

function syntheticWords(count: number): string[] {
  const rand = prng(7);
  const words = new Set<string>();
  while (words.size < count) {
    let word = '';
    for (let n = int(rand, 2, 4); n > 0; n--) word += pick(rand, SYLLABLES);
    words.add(word);
  }
  return [...words];
}

const VOCABULARY: readonly string[] = [...COMMON, ...PLACES, ...TOPICS, ...syntheticWords(5_000)];
const RARE_TAGS: readonly string[] = syntheticWords(600).map((w) => `topic-${w}`);

/** Search terms a reader would type: place and topic words, each found in a good share of the articles. */
export const SEARCH_TERMS = ['ukraine', 'climate', 'election budget', 'kursk', 'energy prices', 'court'] as const;
/** Tags the tag-filter workload asks for: the most used (the first carries about 10% of articles, the sixth 3%). */
export const POPULAR_TAGS = [...PLACES.slice(0, 6), ...TOPICS.slice(0, 6)];

function words(rand: Random, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(VOCABULARY[zipf(rand, VOCABULARY.length)] as string);
  return out;
}

function sentence(rand: Random, min: number, max: number): string {
  const text = words(rand, int(rand, min, max)).join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function paragraph(rand: Random): string {
  const sentences: string[] = [];
  for (let n = int(rand, 3, 4); n > 0; n--) sentences.push(sentence(rand, 8, 20));
  return sentences.join(' ');
}

export type SeedImage = {
  key: string;
  sourceUrl: string;
  altText: string;
  caption: string | null;
  credit: string | null;
  creator: string | null;
  copyrightNotice: string | null;
  focalPoint: { x: number; y: number } | null;
  createdAt: number;
};

export type SeedQuote = {
  key: string;
  text: string;
  speaker: string;
  speakerRole: string | null;
  organisation: string | null;
  channel: string | null;
  saidAt: number | null;
  createdAt: number;
};

export type SeedBlock =
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; text: string }
  | { type: 'image'; image: string }
  | { type: 'quote'; quote: string };

export type SeedArticle = {
  slug: string;
  headline: string;
  standfirst: string | null;
  section: string | null;
  tags: string[];
  byline: string | null;
  status: 'draft' | 'published' | 'archived';
  publishedAt: number | null;
  /** Bundle key of the lead image. */
  leadImage: string;
  body: SeedBlock[];
  createdAt: number;
};

export type DatasetOptions = { articles: number; seed?: number; now?: number };

/**
 * A dataset of `articles` articles with a pool of images (one per four articles) and quotes (one per three) they
 * reference. Published over the five years before `now`: 92% published, 2% scheduled (published, future time),
 * 4% drafts, 2% archived.
 */
export function dataset(options: DatasetOptions) {
  const seed = options.seed ?? 20_241_227;
  const now = options.now ?? Date.now();
  const span = 5 * 365 * 24 * 3_600_000;
  const start = now - span;
  const imageCount = Math.max(20, Math.ceil(options.articles / 4));
  const quoteCount = Math.max(50, Math.ceil(options.articles / 3));

  const image = (i: number): SeedImage => {
    const rand = prng(seed ^ (0x1000_0000 + i));
    return {
      key: `img-${i}`,
      sourceUrl: `https://images.example.org/${2020 + (i % 6)}/${i}-${words(rand, 3).join('-')}.jpg`,
      altText: sentence(rand, 6, 14),
      caption: rand() < 0.9 ? sentence(rand, 8, 22) : null,
      credit: pick(rand, CREDITS),
      creator: rand() < 0.7 ? `${pick(rand, FIRST)} ${pick(rand, LAST)}` : null,
      copyrightNotice: rand() < 0.5 ? `© ${2020 + (i % 6)} ${pick(rand, ['AP', 'Reuters', 'AFP'])}` : null,
      focalPoint: rand() < 0.3 ? { x: Math.round(rand() * 100) / 100, y: Math.round(rand() * 100) / 100 } : null,
      createdAt: start + Math.floor((i / imageCount) * span * 0.98),
    };
  };

  const quote = (i: number): SeedQuote => {
    const rand = prng(seed ^ (0x2000_0000 + i));
    const createdAt = start + Math.floor((i / quoteCount) * span * 0.98);
    return {
      key: `quote-${i}`,
      text: sentence(rand, 15, 40),
      speaker: `${pick(rand, FIRST)} ${pick(rand, LAST)}`,
      speakerRole: pick(rand, ROLES),
      organisation: pick(rand, ORGANISATIONS),
      channel: pick(rand, CHANNELS),
      saidAt: rand() < 0.8 ? createdAt - int(rand, 0, 72) * 3_600_000 : null,
      createdAt,
    };
  };

  const article = (i: number): SeedArticle => {
    const rand = prng(seed ^ (0x3000_0000 + i));
    const createdAt = start + Math.floor((i / options.articles) * span) + int(rand, 0, 600_000);
    const roll = rand();
    const status = roll < 0.94 ? 'published' : roll < 0.98 ? 'draft' : 'archived';
    let publishedAt: number | null = status === 'draft' ? null : createdAt + int(rand, 0, 7_200_000);
    if (roll >= 0.92 && roll < 0.94) publishedAt = now + int(rand, 1, 30) * 86_400_000; // scheduled
    // A place and a topic, a few favoured (rank = n·u^1.5), and up to four rarer tags.
    const tags = new Set<string>([
      PLACES[Math.floor(PLACES.length * rand() ** 1.5)] as string,
      TOPICS[Math.floor(TOPICS.length * rand() ** 1.5)] as string,
    ]);
    for (let n = int(rand, 0, 4); n > 0; n--) tags.add(pick(rand, RARE_TAGS));
    const body: SeedBlock[] = [];
    const paragraphs = int(rand, 7, 10);
    for (let p = 0; p < paragraphs; p++) {
      if (p === 3 || (p === 6 && rand() < 0.5)) body.push({ type: 'heading', text: sentence(rand, 3, 7) });
      body.push({ type: 'paragraph', text: paragraph(rand) });
      if (p === 1 || (p % 3 === 2 && rand() < 0.6))
        body.push({ type: 'quote', quote: `quote-${int(rand, 0, quoteCount - 1)}` });
      if (p === 4 && rand() < 0.7) body.push({ type: 'image', image: `img-${int(rand, 0, imageCount - 1)}` });
    }
    const headline = sentence(rand, 7, 14).slice(0, -1);
    return {
      slug: `${headline.toLowerCase().split(' ').slice(0, 6).join('-')}-${i}`,
      headline,
      standfirst: rand() < 0.9 ? sentence(rand, 18, 34) : null,
      section: rand() < 0.95 ? SECTIONS[zipf(rand, SECTIONS.length)]! : null,
      tags: [...tags],
      byline: rand() < 0.85 ? `${pick(rand, FIRST)} ${pick(rand, LAST)}` : null,
      status,
      publishedAt,
      leadImage: `img-${int(rand, 0, imageCount - 1)}`,
      body,
      createdAt,
    };
  };

  return {
    seed,
    now,
    size: { articles: options.articles, images: imageCount, quotes: quoteCount },
    image,
    quote,
    article,
  };
}

export type Dataset = ReturnType<typeof dataset>;
