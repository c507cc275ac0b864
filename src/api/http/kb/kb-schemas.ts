/** JSON schemas of the knowledge-base routes (src/kb). */
import { FREE_TEXT } from '../../validation.js';
import { KB_LANGUAGES, MAX_BODY, MAX_CATEGORY_NAME, MAX_TAG, MAX_TAGS, MAX_TITLE, USAGE_KINDS } from '../../../kb/model.js';

const id = { type: 'string', minLength: 1, maxLength: 100 } as const;

export const categoryInput = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: MAX_CATEGORY_NAME },
    parentId: { anyOf: [id, { type: 'null' }], description: 'null or absent: a top-level category' },
    position: { type: 'integer', minimum: 0, maximum: 10_000 },
  },
} as const;

const categoryProps = {
  id: { type: 'string' },
  name: { type: 'string' },
  parentId: { type: ['string', 'null'] },
  position: { type: 'integer' },
  createdAt: { type: 'integer' },
  updatedAt: { type: 'integer' },
} as const;

export const categorySchema = { type: 'object', required: Object.keys(categoryProps), properties: categoryProps } as const;

/** The tree: each node a category with its children (nesting bounded by MAX_CATEGORY_DEPTH). */
export const categoryTreeSchema = {
  type: 'array',
  items: { type: 'object', additionalProperties: true, required: [...Object.keys(categoryProps), 'children'], properties: { ...categoryProps, children: { type: 'array' } } },
} as const;

export const articleInput = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'body', 'categoryId', 'language'],
  properties: {
    title: { type: 'string', minLength: 1, maxLength: MAX_TITLE },
    body: { type: 'string', maxLength: MAX_BODY, [FREE_TEXT]: true, description: 'plain text or simple markdown (lines, paragraphs)' },
    tags: { type: 'array', maxItems: MAX_TAGS, items: { type: 'string', minLength: 1, maxLength: MAX_TAG }, default: [] },
    categoryId: id,
    language: { type: 'string', enum: KB_LANGUAGES },
  },
} as const;

const versionProps = {
  articleId: { type: 'string' },
  version: { type: 'integer' },
  title: { type: 'string' },
  body: { type: 'string' },
  tags: { type: 'array', items: { type: 'string' } },
  categoryId: { type: 'string' },
  language: { type: 'string', enum: KB_LANGUAGES },
  createdBy: { type: 'string' },
  createdAt: { type: 'integer' },
} as const;
export const versionSchema = { type: 'object', required: Object.keys(versionProps), properties: versionProps } as const;

/** A version in the history: with the display name of who saved it (null for a user deleted since). */
export const versionWithNameSchema = {
  type: 'object',
  required: [...Object.keys(versionProps), 'createdByName'],
  properties: { ...versionProps, createdByName: { type: ['string', 'null'] } },
} as const;

const articleProps = {
  id: { type: 'string' },
  latestVersion: { type: 'integer' },
  publishedVersion: { type: ['integer', 'null'] },
  publishedAt: { type: ['integer', 'null'] },
  publishedBy: { type: ['string', 'null'] },
  createdBy: { type: 'string' },
  createdAt: { type: 'integer' },
  updatedAt: { type: 'integer' },
  status: { type: 'string', enum: ['draft', 'published', 'changed'] },
} as const;

export const articleViewSchema = {
  type: 'object',
  required: ['article', 'version'],
  properties: { article: { type: 'object', required: Object.keys(articleProps), properties: articleProps }, version: versionSchema, published: versionSchema },
} as const;

export const articleListSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: [...Object.keys(articleProps), 'title', 'categoryId', 'language', 'tags', 'version'],
    properties: { ...articleProps, title: { type: 'string' }, categoryId: { type: 'string' }, language: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, version: { type: 'integer' } },
  },
} as const;

export const articleListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { category: id, limit: { type: 'integer', minimum: 1, maximum: 500 } },
} as const;

export const publishBody = { type: 'object', additionalProperties: false, required: ['version'], properties: { version: { type: 'integer', minimum: 1 } } } as const;

export const searchQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['q'],
  properties: {
    q: { type: 'string', maxLength: 1000, [FREE_TEXT]: true, description: 'words or a pasted question; only the first 200 characters are searched' },
    category: id,
    language: { type: 'string', enum: KB_LANGUAGES },
    limit: { type: 'integer', minimum: 1, maximum: 50 },
    scope: { type: 'string', enum: ['published', 'draft'], description: 'draft (the newest version of each article) needs kb.edit' },
  },
} as const;

export const searchResponse = {
  type: 'array',
  items: {
    type: 'object',
    required: ['articleId', 'version', 'title', 'categoryId', 'language', 'tags', 'excerpt', 'rank'],
    properties: {
      articleId: { type: 'string' },
      version: { type: 'integer' },
      title: { type: 'string' },
      categoryId: { type: 'string' },
      language: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' } },
      excerpt: { type: 'string' },
      rank: { type: 'number' },
    },
  },
} as const;

export const usageBody = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: { kind: { type: 'string', enum: USAGE_KINDS }, chatId: id, callId: id },
} as const;

export const usageReportQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { from: { type: 'integer', minimum: 0, description: 'epoch ms, inclusive' }, to: { type: 'integer', minimum: 0, description: 'epoch ms, exclusive' }, limit: { type: 'integer', minimum: 1, maximum: 100 } },
} as const;

const usageCount = {
  type: 'object',
  required: ['articleId', 'title', 'viewed', 'sentInChat', 'usedInCall', 'total'],
  properties: { articleId: { type: 'string' }, title: { type: 'string' }, viewed: { type: 'integer' }, sentInChat: { type: 'integer' }, usedInCall: { type: 'integer' }, total: { type: 'integer' } },
} as const;

export const usageReportSchema = {
  type: 'object',
  required: ['from', 'to', 'most', 'least'],
  properties: { from: { type: 'integer' }, to: { type: 'integer' }, most: { type: 'array', items: usageCount }, least: { type: 'array', items: usageCount } },
} as const;
