WITH order_metrics AS (
  SELECT
    customers.region AS region,
    SUM(orders.amount) AS revenue
  FROM orders
  LEFT JOIN customers
    ON orders.customer_id = customers.customer_id
  WHERE
    (
      orders.ordered_at >= CAST('2026-08-23' AS DATE)
      AND orders.ordered_at < CAST('2026-11-23' AS DATE)
    )
    AND orders.status = 'completed'
  GROUP BY
    customers.region
), ticket_metrics AS (
  SELECT
    customers_2.region AS region,
    COUNT(*) AS complaints
  FROM tickets
  LEFT JOIN customers AS customers_2
    ON tickets.customer_id = customers_2.customer_id
  WHERE
    (
      tickets.created_at >= CAST('2026-08-23' AS DATE)
      AND tickets.created_at < CAST('2026-11-23' AS DATE)
    )
    AND tickets.is_complaint
  GROUP BY
    customers_2.region
), survey_metrics AS (
  SELECT
    customers_3.region AS region,
    COUNT(CASE WHEN surveys.nps_score <= 6 THEN 1 END) AS detractors,
    COUNT(CASE WHEN NOT surveys.nps_score IS NULL THEN 1 END) AS nps_responses,
    COUNT(CASE WHEN surveys.nps_score >= 9 THEN 1 END) AS promoters
  FROM surveys
  LEFT JOIN customers AS customers_3
    ON surveys.customer_id = customers_3.customer_id
  WHERE
    surveys.responded_at >= CAST('2026-08-23' AS DATE)
    AND surveys.responded_at < CAST('2026-11-23' AS DATE)
  GROUP BY
    customers_3.region
), dimension_keys AS (
  SELECT
    region
  FROM order_metrics
  UNION
  SELECT
    region
  FROM ticket_metrics
  UNION
  SELECT
    region
  FROM survey_metrics
)
SELECT
  dimension_keys.region,
  COALESCE(order_metrics.revenue, 0) AS revenue,
  COALESCE(ticket_metrics.complaints, 0) AS complaints,
  100.0 * (
    (
      COALESCE(survey_metrics.promoters, 0)
    ) - (
      COALESCE(survey_metrics.detractors, 0)
    )
  ) / NULLIF((
    COALESCE(survey_metrics.nps_responses, 0)
  ), 0) AS nps
FROM dimension_keys
LEFT JOIN order_metrics
  ON dimension_keys.region IS NOT DISTINCT FROM order_metrics.region
LEFT JOIN ticket_metrics
  ON dimension_keys.region IS NOT DISTINCT FROM ticket_metrics.region
LEFT JOIN survey_metrics
  ON dimension_keys.region IS NOT DISTINCT FROM survey_metrics.region
ORDER BY
  region NULLS LAST
