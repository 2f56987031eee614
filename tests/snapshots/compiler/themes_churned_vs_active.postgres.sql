SELECT
  *
FROM (
  SELECT
    'churned_customers' AS population,
    *
  FROM (
    SELECT
      tickets.ticket_id AS id,
      tickets.description AS text,
      tickets.created_at AS time,
      tickets.language AS language,
      tickets.customer_id AS author
    FROM tickets
    LEFT JOIN customers
      ON tickets.customer_id = customers.customer_id
    WHERE
      tickets.is_complaint
      AND NOT tickets.description IS NULL
      AND customers.status = 'churned'
      AND (
        tickets.created_at >= CAST('2026-08-23' AS DATE)
        AND tickets.created_at < CAST('2026-11-23' AS DATE)
      )
  ) AS p0
  UNION ALL
  SELECT
    'active_customers' AS population,
    *
  FROM (
    SELECT
      tickets_2.ticket_id AS id,
      tickets_2.description AS text,
      tickets_2.created_at AS time,
      tickets_2.language AS language,
      tickets_2.customer_id AS author
    FROM tickets AS tickets_2
    LEFT JOIN customers AS customers_2
      ON tickets_2.customer_id = customers_2.customer_id
    WHERE
      tickets_2.is_complaint
      AND NOT tickets_2.description IS NULL
      AND customers_2.status = 'active'
      AND (
        tickets_2.created_at >= CAST('2026-08-23' AS DATE)
        AND tickets_2.created_at < CAST('2026-11-23' AS DATE)
      )
  ) AS p1
) AS populations
ORDER BY
  CASE population WHEN 'churned_customers' THEN 0 WHEN 'active_customers' THEN 1 END,
  id NULLS FIRST
