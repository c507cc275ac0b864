-- Customer search (issue 13): by name, prefix, substring and fuzzy, and by any identity.
--
-- Fuzzy matching is pg_trgm's word_similarity. The extension lives in the schema `public` and the
-- queries name it `public.` (src/store/config/customer-search.ts): an extension is one per
-- database, while the tests (and some deployments) put the tables in a schema of their own, whose
-- search_path does not include public. Several test files migrating at once may race to create
-- it; the loser's unique_violation means it exists, which is all this needs. PGlite loads the
-- extension's code at start (src/store/pglite-options.ts).
do $$
begin
  create extension if not exists pg_trgm schema public;
exception when unique_violation or duplicate_object then
  null;
end
$$;

-- Substring search ('%小明%', '%hopp%') on names and identities uses these trigram indexes when the
-- text has 3 characters or more; shorter texts scan, which a customer table of a contact center
-- (thousands to a few hundred thousand rows) answers in milliseconds.
create index customers_name_trgm on customers using gin (lower(name) public.gin_trgm_ops);
create index customer_identities_value_trgm on customer_identities using gin (lower(value) public.gin_trgm_ops);
create index customer_phones_phone_trgm on customer_phones using gin (phone public.gin_trgm_ops);
