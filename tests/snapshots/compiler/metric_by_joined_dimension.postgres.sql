SELECT
  customers.region AS region,
  COUNT(*) AS complaints
FROM tickets
LEFT JOIN customers
  ON tickets.customer_id = customers.customer_id
WHERE
  customers.status = 'churned'
  AND (
    tickets.created_at >= CAST('2026-08-23' AS DATE)
    AND tickets.created_at < CAST('2026-11-23' AS DATE)
  )
  AND tickets.is_complaint
GROUP BY
  customers.region
ORDER BY
  complaints DESC NULLS LAST,
  region
LIMIT 10
