"""The SQL that shapes the warehouse: table schema, helper macros and the insert statements.

Statements read the registered raw_* frames (integer codes, categoricals, seconds since the epoch)
and the TEMP word-list tables; only `SCHEMA` creates persistent objects.
"""

from __future__ import annotations

SCHEMA = """
CREATE TABLE customers (
    customer_id VARCHAR NOT NULL, name VARCHAR NOT NULL, email VARCHAR NOT NULL, phone VARCHAR NOT NULL,
    region VARCHAR NOT NULL, city VARCHAR NOT NULL, acquisition_channel VARCHAR NOT NULL,
    tier VARCHAR NOT NULL, is_member BOOLEAN NOT NULL, app_bound BOOLEAN NOT NULL,
    signup_date DATE NOT NULL, status VARCHAR NOT NULL, churn_date DATE, churn_reason VARCHAR);
CREATE TABLE orders (
    order_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, ordered_at TIMESTAMP NOT NULL,
    channel VARCHAR NOT NULL, category VARCHAR NOT NULL, amount DECIMAL(12,2) NOT NULL,
    discount DECIMAL(12,2) NOT NULL, status VARCHAR NOT NULL);
CREATE TABLE tickets (
    ticket_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
    channel VARCHAR NOT NULL, category VARCHAR NOT NULL, is_complaint BOOLEAN NOT NULL,
    priority VARCHAR NOT NULL, subject VARCHAR NOT NULL, description VARCHAR NOT NULL,
    language VARCHAR NOT NULL, first_response_at TIMESTAMP, resolved_at TIMESTAMP, status VARCHAR NOT NULL);
CREATE TABLE surveys (
    response_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, responded_at TIMESTAMP NOT NULL,
    touchpoint VARCHAR NOT NULL, nps_score INTEGER, csat_score INTEGER, comment VARCHAR,
    language VARCHAR NOT NULL);
CREATE TABLE touches (
    touch_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, sent_at TIMESTAMP NOT NULL,
    channel VARCHAR NOT NULL, campaign VARCHAR NOT NULL, delivered BOOLEAN NOT NULL,
    opened BOOLEAN NOT NULL, converted BOOLEAN NOT NULL);
CREATE TABLE warehouse_info (key VARCHAR NOT NULL, value VARCHAR NOT NULL);
CREATE TABLE eval_ticket_themes (ticket_id VARCHAR NOT NULL, theme VARCHAR NOT NULL);
CREATE TABLE eval_survey_themes (response_id VARCHAR NOT NULL, theme VARCHAR NOT NULL);
"""

# Id widths fit the large scale: 7 digits of customers, 8 of everything else.
MACROS = """
CREATE TEMP MACRO day_date(d) AS DATE '1970-01-01' + CAST(d AS INTEGER);
CREATE TEMP MACRO ts(s) AS make_timestamp(s * 1000000);
CREATE TEMP MACRO cid(i) AS 'C' || lpad(CAST(i + 1 AS VARCHAR), 7, '0');
CREATE TEMP MACRO oid(n) AS 'O' || lpad(CAST(n AS VARCHAR), 8, '0');
CREATE TEMP MACRO tid(n) AS 'T' || lpad(CAST(n AS VARCHAR), 8, '0');
CREATE TEMP MACRO sid(n) AS 'S' || lpad(CAST(n AS VARCHAR), 8, '0');
CREATE TEMP MACRO mid(n) AS 'M' || lpad(CAST(n AS VARCHAR), 8, '0');
CREATE TEMP MACRO money(c) AS
    CASE WHEN c % 100 = 0 THEN CAST(c // 100 AS VARCHAR) ELSE printf('%.2f', c / 100) END;
CREATE TEMP MACRO typo_at(s, f) AS 2 + CAST(floor(f * (length(s) - 3)) AS BIGINT);
CREATE TEMP MACRO typo(s, kind, f) AS CASE
    WHEN kind = 0 OR length(s) < 6 THEN s
    WHEN kind = 1 THEN left(s, typo_at(s, f) - 1) || substr(s, typo_at(s, f) + 1, 1)
        || substr(s, typo_at(s, f), 1) || substr(s, typo_at(s, f) + 2)
    WHEN kind = 2 THEN left(s, typo_at(s, f) - 1) || substr(s, typo_at(s, f) + 1)
    ELSE left(s, typo_at(s, f)) || substr(s, typo_at(s, f)) END;
CREATE TEMP MACRO fill(s, product, gadget, garment, liquid, order_id, days, hours, amount, fee, courier, city,
        n, pct, coupon) AS
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        replace(s, '{product}', product), '{gadget}', gadget), '{garment}', garment), '{liquid}', liquid),
        '{order}', order_id), '{days}', CAST(days AS VARCHAR)),
        '{hours}', CAST(hours AS VARCHAR)), '{amount}', amount), '{fee}', fee), '{courier}', courier),
        '{city}', city), '{count}', CAST(n AS VARCHAR)), '{pct}', CAST(pct AS VARCHAR)),
        '{coupon}', CAST(coupon AS VARCHAR));
"""

# The CRM tier: completed spend in the 12 months up to churn (churned) or as-of (active).
TIER_SQL = """
CREATE TEMP TABLE tier AS
WITH windows AS (SELECT idx, cid(idx) AS customer_id, day_date(end_day) AS end_date FROM raw_customers),
spend AS (
    SELECT o.customer_id, sum(o.amount) AS spend
    FROM orders AS o JOIN windows AS w ON w.customer_id = o.customer_id
    WHERE o.status = 'completed' AND o.ordered_at >= w.end_date - INTERVAL 12 MONTH
    GROUP BY o.customer_id)
SELECT w.idx, CASE
    WHEN coalesce(s.spend, 0) >= 100000 THEN 'A'
    WHEN coalesce(s.spend, 0) >= 30000 THEN 'B'
    WHEN coalesce(s.spend, 0) >= 10000 THEN 'C'
    ELSE 'D' END AS tier
FROM windows AS w LEFT JOIN spend AS s ON s.customer_id = w.customer_id
"""

PERSON_SQL = """
CREATE TEMP TABLE person AS
WITH parts AS (
    SELECT r.idx, r.chinese_name, r.email_style, r.email_number, r.phone, d.domain,
        s.hanzi || g.hanzi AS name_zh, f.name || ' ' || l.name AS name_en,
        CASE WHEN r.chinese_name THEN g.pinyin ELSE lower(f.name) END AS a,
        CASE WHEN r.chinese_name THEN s.pinyin ELSE lower(l.name) END AS b
    FROM raw_customers AS r
    JOIN surnames AS s ON s.i = r.surname
    JOIN given_names AS g ON g.i = r.given
    JOIN first_names AS f ON f.i = r.first
    JOIN last_names AS l ON l.i = r.last
    JOIN email_domains AS d ON d.i = r.email_domain)
SELECT idx,
    CASE WHEN chinese_name THEN name_zh ELSE name_en END AS name,
    CASE WHEN email_style = 3 THEN CAST(email_number AS VARCHAR) || '@qq.com'
        ELSE CASE email_style WHEN 0 THEN a || '.' || b WHEN 1 THEN a || b ELSE left(a, 1) || b END
            || CAST(email_number AS VARCHAR) || '@' || domain END AS email,
    CAST(phone AS VARCHAR) AS phone
FROM parts
"""

CUSTOMERS_SQL = """
INSERT INTO customers
SELECT cid(r.idx), p.name, p.email, p.phone, CAST(r.region AS VARCHAR), c.name,
    CAST(r.acquisition AS VARCHAR), t.tier, r.is_member, r.app_bound, day_date(r.signup_day),
    CAST(r.status AS VARCHAR), day_date(r.churn_day), CAST(r.churn_reason AS VARCHAR)
FROM raw_customers AS r
JOIN person AS p ON p.idx = r.idx
JOIN tier AS t ON t.idx = r.idx
JOIN city_names AS c ON c.lang = 0 AND c.i = r.city
ORDER BY r.idx
"""

ORDERS_SQL = """
INSERT INTO orders
SELECT oid(number), cid(customer), ts(seconds), CAST(channel AS VARCHAR), CAST(category AS VARCHAR),
    CAST(amount_cents / 100 AS DECIMAL(12,2)), CAST(discount_cents / 100 AS DECIMAL(12,2)),
    CAST(status AS VARCHAR)
FROM raw_orders
"""

TEXTS_SQL = """
CREATE TEMP TABLE text_out AS
WITH parts AS (
    SELECT r.text_id, CASE WHEN r.lang = 1 THEN '' ELSE ' ' END AS sep,
        b.text AS body, s.text AS secondary, op.text AS opener, cl.text AS closer,
        replace(replace(pi.text, '{email}', p.email), '{phone}', p.phone) AS pii,
        ho.text AS hostile, r.hostile_first, r.typo1_kind, r.typo1_pos, r.typo2_kind, r.typo2_pos,
        pr.name AS product, ga.name AS gadget, gm.name AS garment, li.name AS liquid,
        oid(r.order_number) AS order_id, r.days, r.hours,
        money(r.amount_cents) AS amount, money(r.fee_cents) AS fee, co.name AS courier, ci.name AS city,
        r.count, r.pct, r.coupon
    FROM raw_texts AS r
    JOIN bank AS b ON b.bank = r.body_bank AND b.lang = r.lang AND b.k = r.body_k
    LEFT JOIN bank AS s ON s.bank = r.secondary_bank AND s.lang = r.lang AND s.k = r.secondary_k
    LEFT JOIN bank AS op ON op.bank = r.opener_bank AND op.lang = r.lang AND op.k = r.opener_k
    LEFT JOIN bank AS cl ON cl.bank = r.closer_bank AND cl.lang = r.lang AND cl.k = r.closer_k
    LEFT JOIN bank AS pi ON pi.bank = r.pii_bank AND pi.lang = r.lang AND pi.k = r.pii_k
    LEFT JOIN bank AS ho ON ho.bank = r.hostile_bank AND ho.lang = r.lang AND ho.k = r.hostile_k
    LEFT JOIN person AS p ON p.idx = r.customer AND r.pii_bank >= 0
    JOIN products AS pr ON pr.lang = r.lang AND pr.i = r.product
    JOIN products AS ga ON ga.lang = r.lang AND ga.i = r.gadget
    JOIN products AS gm ON gm.lang = r.lang AND gm.i = r.garment
    JOIN products AS li ON li.lang = r.lang AND li.i = r.liquid
    JOIN couriers AS co ON co.lang = r.lang AND co.i = r.courier
    JOIN city_names AS ci ON ci.lang = r.lang AND ci.i = r.city),
filled AS (
    SELECT *, fill(concat_ws(sep, body, secondary), product, gadget, garment, liquid, order_id, days, hours,
        amount, fee, courier, city, count, pct, coupon) AS core
    FROM parts),
noisy AS (
    SELECT text_id, hostile, hostile_first,
        concat_ws(sep, opener, typo(typo(core, typo1_kind, typo1_pos), typo2_kind, typo2_pos), pii, closer)
            AS text
    FROM filled)
SELECT text_id, CASE
    WHEN hostile IS NULL THEN text
    WHEN hostile_first THEN hostile || ' ' || text
    ELSE text || ' ' || hostile END AS text
FROM noisy
"""

TICKETS_SQL = """
INSERT INTO tickets
SELECT tid(t.number), cid(t.customer), ts(t.created), CAST(t.channel AS VARCHAR), CAST(t.category AS VARCHAR),
    t.is_complaint, CAST(t.priority AS VARCHAR), s.text, d.text, CAST(t.language AS VARCHAR),
    ts(t.first_response), ts(t.resolved), CAST(t.status AS VARCHAR)
FROM raw_tickets AS t
JOIN text_out AS d ON d.text_id = t.description_text
JOIN text_out AS s ON s.text_id = t.subject_text
ORDER BY t.number;
INSERT INTO eval_ticket_themes
SELECT tid(number), CAST(theme AS VARCHAR) FROM raw_tickets WHERE theme IS NOT NULL ORDER BY number;
"""

SURVEYS_SQL = """
INSERT INTO surveys
SELECT sid(v.number), cid(v.customer), ts(v.responded), CAST(v.touchpoint AS VARCHAR), v.nps, v.csat, c.text,
    CAST(v.language AS VARCHAR)
FROM raw_surveys AS v
LEFT JOIN text_out AS c ON c.text_id = v.comment_text
ORDER BY v.number;
INSERT INTO eval_survey_themes
SELECT sid(number), CAST(theme AS VARCHAR) FROM raw_surveys WHERE theme IS NOT NULL ORDER BY number;
"""

TOUCHES_SQL = """
INSERT INTO touches
SELECT mid(number), cid(customer), ts(sent), CAST(channel AS VARCHAR), CAST(campaign AS VARCHAR), delivered,
    opened, converted
FROM raw_touches
"""
