"""Full-text search over products: SQLite FTS5 or PostgreSQL full text, chosen by the database.

What is indexed, per PUBLISHED product (status ``approved``): names, descriptions and materials
in both languages, the enterprise's name and the names of its category and the category's parent
(both languages). An unpublished product leaves the index, so a plain search is counted and
ranked by the index alone, without a join with ``products``. Indonesian and English are indexed
side by side with no stemming, so "kopi" and "coffee" both find a product that has both names;
accents are folded ("café" finds "cafe").

Kept in sync by database triggers (created by migration ``0003_search`` through :func:`install`),
so raw SQL writes are indexed too:

* products: insert, update of an indexed column or of the status, delete;
* enterprises: a new name re-indexes that enterprise's products;
* categories: new names (or a new parent) re-index the products of the category and its children.

SQLite: ``search_products`` is an FTS5 table that keeps its own copy of the text (SQLite 3.40 has
no ``contentless_delete``, and an external-content table over a join would need the exact old
text of every row an enterprise rename touches; one mistake there corrupts the index silently).
Ranked with ``bm25`` (names weigh most, descriptions least); prefix indexes for 2 to 6
characters make the search-as-you-type prefix cheap.

PostgreSQL: ``search_products(product_id, document tsvector)`` with a GIN index, built with the
``simple`` configuration (both languages, no stemming) and weights A (names) … D (descriptions);
ranked with ``ts_rank``.

The user's text becomes a list of words that must all match; the last word also matches as a
prefix (``tora`` finds ``Toraja``), which suits search-as-you-type. Only letters and digits reach
the database query language, so no input can break the query syntax. A search that matches
more than ``RANK_WINDOW`` products ranks only the newest of them (see :func:`prepare`).

SQLite caveat for later migrations: a ``batch_alter_table`` that RECREATES ``products``,
``enterprises`` or ``categories`` fails ("error in trigger search_…: no such table") or loses the
triggers. Wrap it: ``uninstall_triggers(op.get_bind())`` before, ``install_triggers(bind)`` and
``rebuild(bind)`` after. Adding a plain column does not recreate the table.
"""

import re
from dataclasses import dataclass

from sqlalchemy import case, column, func, literal_column, null, select, table, text
from sqlalchemy.engine import Connection

from trading_house.core.sql import dialect_name
from trading_house.extensions import db

MAX_TERMS = 12
#: Up to this many matches are ranked by relevance; see :func:`prepare`.
RANK_WINDOW = 1000
#: Accented letters folded on both sides (PostgreSQL has no ``unaccent`` without an extension).
FOLD_FROM = "áàâäãåāăąéèêëēėęěíìîïīįóòôöõøōőúùûüūůűųçćčñńýÿšśžźżđłğ"
FOLD_TO = "aaaaaaaaaeeeeeeeeiiiiiioooooooouuuuuuuucccnnyysszzzdlg"
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
_WORD = re.compile(r"[^\W_]+")

#: Indexed columns of the SQLite FTS5 table and their bm25 weights.
SQLITE_COLUMNS = {
    "name_indonesian": 10.0,
    "name_english": 10.0,
    "materials": 4.0,
    "enterprise_name": 3.0,
    "category_names": 2.0,
    "description_indonesian": 1.0,
    "description_english": 1.0,
}


def terms(q: str) -> list[str]:
    """The lower-cased words of a search text (letters and digits only), without duplicates.

    Accents are left to each back end, so that query and index fold them the same way: the
    FTS5 tokenizer (``remove_diacritics 2``) on SQLite, ``FOLD_FROM``/``FOLD_TO`` on PostgreSQL.
    """
    seen: list[str] = []
    for word in _WORD.findall((q or "").lower()):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


def fts5_query(words: list[str]) -> str:
    """``"kopi" "tora"*``: every word must match, the last one also as a prefix."""
    parts = [f'"{w}"' for w in words]
    if len(words[-1]) >= 2:
        parts[-1] += "*"
    return " ".join(parts)


def tsquery(words: list[str]) -> str:
    """``kopi & tora:*`` for PostgreSQL's ``to_tsquery`` (accents folded like the index)."""
    parts = [w.translate(_FOLD) for w in words]
    if len(words[-1]) >= 2:
        parts[-1] += ":*"
    return " & ".join(parts)


def _index(words: list[str]):
    """(index table, product id column, match condition, score: lower is better)."""
    if dialect_name() == "postgresql":
        index = table("search_products", column("product_id"), column("document"))
        query = func.to_tsquery(literal_column("'simple'::regconfig"), tsquery(words))
        return (
            index,
            index.c.product_id,
            index.c.document.op("@@")(query),
            -func.ts_rank(index.c.document, query),
        )
    index = table("search_products", column("rowid"))
    weights = ", ".join(str(w) for w in SQLITE_COLUMNS.values())
    return (
        index,
        index.c.rowid,
        literal_column("search_products").op("MATCH")(fts5_query(words)),
        literal_column(f"bm25(search_products, {weights})"),
    )


@dataclass(frozen=True)
class Search:
    """A search text ready to run: its words, how many published products match, and ``cut``:
    matches with an id of at least ``cut`` are ranked by relevance (all of them when 0)."""

    words: tuple[str, ...]
    total: int
    cut: int

    def _rank(self, id_column, score):
        return score if not self.cut else case((id_column >= self.cut, score), else_=None)

    def ids(self, limit: int, offset: int = 0) -> list[int]:
        """Ids of one page of matches, best first, from the index alone (one query, two when
        the page straddles the edge of the ranked window)."""
        index, id_column, condition, score = _index(list(self.words))
        base = select(id_column).select_from(index).where(condition)
        if not self.cut:
            ranked = base.order_by(score, id_column.desc()).limit(limit).offset(offset)
            return list(db.session.scalars(ranked))
        ids: list[int] = []
        if offset < RANK_WINDOW:  # exactly RANK_WINDOW matches have an id >= cut
            ranked = (
                base.where(id_column >= self.cut)
                .order_by(score, id_column.desc())
                .limit(min(limit, RANK_WINDOW - offset))
                .offset(offset)
            )
            ids = list(db.session.scalars(ranked))
        if len(ids) < limit:
            rest = (
                base.where(id_column < self.cut)
                .order_by(id_column.desc())
                .limit(limit - len(ids))
                .offset(max(0, offset - RANK_WINDOW))
            )
            ids += db.session.scalars(rest)
        return ids

    def matches(self, *, ranked: bool = True):
        """``(product_id, rank)`` of every match, to join with products (filters, other sorts)."""
        index, id_column, condition, score = _index(list(self.words))
        rank = self._rank(id_column, score) if ranked else null()
        stmt = select(id_column.label("product_id"), rank.label("rank")).where(condition)
        if dialect_name() == "postgresql":
            return stmt.subquery("search_matches")
        # MATERIALIZED: find the matches once. Otherwise SQLite may drive the join from products
        # and run the full-text query again for every product row (seconds instead of ms).
        return stmt.select_from(index).cte("search_matches").prefix_with("MATERIALIZED")

    def ordering(self, matches) -> list:
        """Best first: ranked matches by rank, then the others newest first."""
        return [matches.c.product_id < self.cut, matches.c.rank, matches.c.product_id.desc()]


def prepare(q: str) -> Search | None:
    """Count the matches of ``q`` (one query, two for a broad search); None when it has no
    searchable word.

    Ranking is the costly part (bm25 / ts_rank for every match), so when more than
    ``RANK_WINDOW`` products match, only the newest ``RANK_WINDOW`` matches are ranked by
    relevance and the older ones follow, newest first. A search as broad as that ("kopi" in a
    big catalog) fills its first pages with strong matches either way, and stays fast.
    """
    words = terms(q)
    if not words:
        return None
    index, id_column, condition, _score = _index(words)
    newest = list(
        db.session.scalars(
            select(id_column)
            .select_from(index)
            .where(condition)
            .order_by(id_column.desc())
            .limit(RANK_WINDOW + 1)
        )
    )
    if len(newest) <= RANK_WINDOW:
        return Search(words=tuple(words), total=len(newest), cut=0)
    total = db.session.scalar(select(func.count()).select_from(index).where(condition)) or 0
    return Search(words=tuple(words), total=total, cut=newest[RANK_WINDOW - 1])


def matching_ids(q: str, limit: int = 100) -> list[int]:
    """Ids of published products matching ``q``, best first."""
    found = prepare(q)
    return found.ids(limit) if found is not None else []


# --- schema: created by migration 0003_search -------------------------------------------------

_SQLITE_SOURCE = """
SELECT p.id, p.name_indonesian, p.name_english, coalesce(p.materials, ''), e.name,
       c.name_indonesian || ' ' || c.name_english
         || coalesce(' ' || pc.name_indonesian || ' ' || pc.name_english, ''),
       p.description_indonesian, p.description_english
FROM products p
JOIN enterprises e ON e.id = p.enterprise_id
JOIN categories c ON c.id = p.category_id
LEFT JOIN categories pc ON pc.id = c.parent_id
WHERE p.status = 'approved'
"""
_SQLITE_INSERT = "INSERT INTO search_products(rowid, {cols}) {source}".format(
    cols=", ".join(SQLITE_COLUMNS), source=_SQLITE_SOURCE
)
_PRODUCT_TEXT_COLUMNS = (
    "name_indonesian, name_english, description_indonesian, description_english, materials, "
    "enterprise_id, category_id, status"
)
_AFFECTED_BY_CATEGORY = (
    "SELECT p2.id FROM products p2 JOIN categories c2 ON c2.id = p2.category_id "
    "WHERE c2.id = new.id OR c2.parent_id = new.id"
)

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE search_products USING fts5({cols}, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6')"
).format(cols=", ".join(SQLITE_COLUMNS))
# The f-strings below join constant SQL fragments only; no input reaches them (hence noqa S608).
SQLITE_TRIGGERS = {
    "search_products_ai": f"""
        CREATE TRIGGER search_products_ai AFTER INSERT ON products BEGIN
          {_SQLITE_INSERT} AND p.id = new.id;
        END""",
    "search_products_au": f"""
        CREATE TRIGGER search_products_au AFTER UPDATE OF {_PRODUCT_TEXT_COLUMNS} ON products
        BEGIN
          DELETE FROM search_products WHERE rowid = old.id;
          {_SQLITE_INSERT} AND p.id = new.id;
        END""",  # noqa: S608
    "search_products_ad": """
        CREATE TRIGGER search_products_ad AFTER DELETE ON products BEGIN
          DELETE FROM search_products WHERE rowid = old.id;
        END""",
    "search_enterprises_au": f"""
        CREATE TRIGGER search_enterprises_au AFTER UPDATE OF name ON enterprises
        WHEN old.name IS NOT new.name BEGIN
          DELETE FROM search_products
            WHERE rowid IN (SELECT id FROM products WHERE enterprise_id = new.id);
          {_SQLITE_INSERT} AND p.enterprise_id = new.id;
        END""",  # noqa: S608
    "search_categories_au": f"""
        CREATE TRIGGER search_categories_au
        AFTER UPDATE OF name_indonesian, name_english, parent_id ON categories BEGIN
          DELETE FROM search_products WHERE rowid IN ({_AFFECTED_BY_CATEGORY});
          {_SQLITE_INSERT} AND p.id IN ({_AFFECTED_BY_CATEGORY});
        END""",  # noqa: S608
}

_PG_FOLD = f"translate(lower(coalesce(t, '')), '{FOLD_FROM}', '{FOLD_TO}')"
POSTGRES_SCHEMA = [
    """CREATE TABLE search_products (
        product_id integer PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
        document tsvector NOT NULL
    )""",
    "CREATE INDEX search_products_document_idx ON search_products USING gin (document)",
    f"""CREATE FUNCTION search_fold(t text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {_PG_FOLD} $$""",
    """CREATE FUNCTION search_products_refresh(ids integer[]) RETURNS void
        LANGUAGE plpgsql AS $$
        BEGIN
        DELETE FROM search_products WHERE product_id = ANY(ids);
        INSERT INTO search_products (product_id, document)
        SELECT p.id,
            setweight(to_tsvector('simple',
                search_fold(concat_ws(' ', p.name_indonesian, p.name_english))), 'A')
            || setweight(to_tsvector('simple',
                search_fold(concat_ws(' ', p.materials, e.name))), 'B')
            || setweight(to_tsvector('simple', search_fold(concat_ws(' ',
                c.name_indonesian, c.name_english, pc.name_indonesian, pc.name_english))), 'C')
            || setweight(to_tsvector('simple', search_fold(concat_ws(' ',
                p.description_indonesian, p.description_english))), 'D')
        FROM products p
        JOIN enterprises e ON e.id = p.enterprise_id
        JOIN categories c ON c.id = p.category_id
        LEFT JOIN categories pc ON pc.id = c.parent_id
        WHERE p.id = ANY(ids) AND p.status = 'approved';
        END $$""",
]
POSTGRES_TRIGGERS = [
    # Inserts: once per statement (a bulk import indexes its rows in one go). Updates: per row,
    # because PostgreSQL allows no transition table on a trigger with a column list.
    """CREATE FUNCTION search_on_product_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM search_products_refresh(ARRAY(SELECT id FROM inserted_products));
          RETURN NULL;
        END $$""",
    """CREATE TRIGGER search_products_inserted AFTER INSERT ON products
        REFERENCING NEW TABLE AS inserted_products
        FOR EACH STATEMENT EXECUTE FUNCTION search_on_product_insert()""",
    """CREATE FUNCTION search_on_product() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM search_products_refresh(ARRAY[NEW.id]); RETURN NULL; END $$""",
    f"""CREATE TRIGGER search_products_sync
        AFTER UPDATE OF {_PRODUCT_TEXT_COLUMNS} ON products
        FOR EACH ROW EXECUTE FUNCTION search_on_product()""",
    """CREATE FUNCTION search_on_enterprise() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM search_products_refresh(
            ARRAY(SELECT id FROM products WHERE enterprise_id = NEW.id));
          RETURN NULL;
        END $$""",
    """CREATE TRIGGER search_enterprises_sync AFTER UPDATE OF name ON enterprises
        FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
        EXECUTE FUNCTION search_on_enterprise()""",
    """CREATE FUNCTION search_on_category() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM search_products_refresh(ARRAY(
            SELECT p.id FROM products p JOIN categories c ON c.id = p.category_id
            WHERE c.id = NEW.id OR c.parent_id = NEW.id));
          RETURN NULL;
        END $$""",
    """CREATE TRIGGER search_categories_sync
        AFTER UPDATE OF name_indonesian, name_english, parent_id ON categories
        FOR EACH ROW EXECUTE FUNCTION search_on_category()""",
]


def install(bind: Connection) -> None:
    """Create the index, its triggers, and index the products that already exist."""
    if bind.dialect.name == "postgresql":
        for statement in POSTGRES_SCHEMA:
            bind.execute(text(statement))
    else:
        bind.execute(text(SQLITE_TABLE))
    install_triggers(bind)
    rebuild(bind)


def install_triggers(bind: Connection) -> None:
    statements = (
        POSTGRES_TRIGGERS if bind.dialect.name == "postgresql" else SQLITE_TRIGGERS.values()
    )
    for statement in statements:
        bind.execute(text(statement))


def uninstall_triggers(bind: Connection) -> None:
    if bind.dialect.name == "postgresql":
        for name, on in (
            ("search_products_inserted", "products"),
            ("search_products_sync", "products"),
            ("search_enterprises_sync", "enterprises"),
            ("search_categories_sync", "categories"),
        ):
            bind.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {on}"))
        for name in (
            "search_on_product_insert",
            "search_on_product",
            "search_on_enterprise",
            "search_on_category",
        ):
            bind.execute(text(f"DROP FUNCTION IF EXISTS {name}()"))
    else:
        for name in SQLITE_TRIGGERS:
            bind.execute(text(f"DROP TRIGGER IF EXISTS {name}"))


def uninstall(bind: Connection) -> None:
    """Remove every search object (the downgrade of 0003_search)."""
    uninstall_triggers(bind)
    if bind.dialect.name == "postgresql":
        bind.execute(text("DROP FUNCTION IF EXISTS search_products_refresh(integer[])"))
        bind.execute(text("DROP FUNCTION IF EXISTS search_fold(text)"))
    bind.execute(text("DROP TABLE IF EXISTS search_products"))


def rebuild(bind: Connection) -> None:
    """Re-index every product from scratch (after bulk repairs or a recreated table)."""
    if bind.dialect.name == "postgresql":
        bind.execute(text("DELETE FROM search_products"))
        bind.execute(text("SELECT search_products_refresh(ARRAY(SELECT id FROM products))"))
    else:
        bind.execute(text("DELETE FROM search_products"))
        bind.execute(text(_SQLITE_INSERT))
