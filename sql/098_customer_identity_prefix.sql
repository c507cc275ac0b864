-- Customer search by identity (issue 13): e-mails, chat visitor ids and messaging ids are matched
-- by prefix ('ada@', 'wx_'). A btree in text_pattern_ops answers `lower(value) like 'ada@%'` as a
-- range probe whatever the text's length and the database's collation; the trigram index of
-- sql/075 needs three characters and, on small tables, lost to reading the whole primary key
-- (src/store/config/customer-search.ts unions one indexed branch per table).
create index customer_identities_value_prefix on customer_identities (lower(value) text_pattern_ops);
