-- Knowledge-base usage (issue 13): one row per time an article was viewed, sent in a chat or used
-- during a call. article_id carries no foreign key on purpose: usage is history and outlives
-- whatever happens to the article row; the report joins the live articles.
create table kb_usage (
  seq         bigserial primary key,
  article_id  text not null,
  kind        text not null,
  user_id     text not null,
  chat_id     text,
  call_id     text,
  at          timestamptz not null,
  constraint kb_usage_kind_known check (kind in ('viewed', 'sent_in_chat', 'used_in_call'))
);
-- The report counts a period: by time, then per article.
create index kb_usage_at on kb_usage (at, article_id);
create index kb_usage_article on kb_usage (article_id, at);
