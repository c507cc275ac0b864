-- Knowledge base (issue 13): categories, articles, every version of every article, usage events.
-- Nothing of an article is ever deleted: an edit adds a version, publishing points at one,
-- deleting archives. src/kb/search-text.ts explains the search columns.
create table kb_categories (
  id          text primary key,
  name        text not null,
  parent_id   text references kb_categories (id),
  position    integer not null default 0,
  created_at  timestamptz not null,
  updated_at  timestamptz not null,
  constraint kb_categories_not_own_parent check (parent_id is null or parent_id <> id)
);
create index kb_categories_parent on kb_categories (parent_id);

create table kb_articles (
  id                 text primary key,
  latest_version     integer not null,
  published_version  integer,
  published_at       timestamptz,
  published_by       text,
  created_by         text not null,
  created_at         timestamptz not null,
  updated_at         timestamptz not null,
  archived_at        timestamptz,
  constraint kb_articles_published_exists check (published_version is null or published_version between 1 and latest_version)
);
create index kb_articles_updated on kb_articles (updated_at desc, id) where archived_at is null;

-- One row per version. `published` marks the version agents search, `latest` the newest one
-- (what editors search): the two partial GIN indexes then hold exactly one row per live article
-- each, whatever the number of old versions, so a search never reads past versions.
create table kb_article_versions (
  article_id   text not null references kb_articles (id),
  version      integer not null,
  title        text not null,
  body         text not null,
  tags         jsonb not null,
  category_id  text not null references kb_categories (id),
  language     text not null,
  created_by   text not null,
  created_at   timestamptz not null,
  published    boolean not null default false,
  latest       boolean not null default false,
  search       tsvector not null,
  primary key (article_id, version),
  constraint kb_article_versions_language_known check (language in ('en', 'zh'))
);
create index kb_versions_search_published on kb_article_versions using gin (search) where published;
create index kb_versions_search_latest on kb_article_versions using gin (search) where latest;
create index kb_versions_category_latest on kb_article_versions (category_id) where latest;
create index kb_versions_category_published on kb_article_versions (category_id) where published;
