SELECT
  CAST(DATE_TRUNC('MONTH', orders.ordered_at) AS DATE) AS ordered_at__month,
  CAST(COUNT(CASE WHEN orders.status = 'returned' THEN 1 END) AS DOUBLE PRECISION) / NULLIF(COUNT(CASE WHEN orders.status IN ('completed', 'returned') THEN 1 END), 0) AS return_rate
FROM orders
WHERE
  orders.ordered_at >= CAST('2026-08-23' AS DATE)
  AND orders.ordered_at < CAST('2026-11-23' AS DATE)
GROUP BY
  CAST(DATE_TRUNC('MONTH', orders.ordered_at) AS DATE)
ORDER BY
  ordered_at__month
