-- The customer search matches e-mails, chat visitor ids and messaging ids by prefix through
-- customer_identities_value_prefix (sql/098); no query reads the trigram index of sql/075 on the
-- same column any more, and every identity written still had to update it (a GIN index costs
-- more per insert than the btree). Removed; the name and phone trigram indexes stay in use.
drop index if exists customer_identities_value_trgm;
