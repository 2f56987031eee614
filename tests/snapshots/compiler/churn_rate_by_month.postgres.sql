WITH customer_metrics AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', customers.churn_date) AS DATE) AS metric_time__month,
    COUNT(*) AS churned_customers
  FROM customers
  WHERE
    (
      customers.churn_date >= CAST('2026-01-15' AS DATE)
      AND customers.churn_date < CAST('2026-11-23' AS DATE)
    )
    AND customers.status = 'churned'
  GROUP BY
    CAST(DATE_TRUNC('MONTH', customers.churn_date) AS DATE)
), digits AS (
  SELECT
    0 AS n
  UNION ALL
  SELECT
    1 AS n
  UNION ALL
  SELECT
    2 AS n
  UNION ALL
  SELECT
    3 AS n
  UNION ALL
  SELECT
    4 AS n
  UNION ALL
  SELECT
    5 AS n
  UNION ALL
  SELECT
    6 AS n
  UNION ALL
  SELECT
    7 AS n
  UNION ALL
  SELECT
    8 AS n
  UNION ALL
  SELECT
    9 AS n
), period_numbers AS (
  SELECT
    d0.n + d1.n * 10 AS n
  FROM digits AS d0
  CROSS JOIN digits AS d1
), periods_month AS (
  SELECT
    period_start,
    CASE
      WHEN period_start < CAST('2026-01-15' AS DATE)
      THEN CAST('2026-01-15' AS DATE)
      ELSE period_start
    END AS counted_from
  FROM (
    SELECT
      CAST(CAST(DATE_TRUNC('MONTH', CAST('2026-01-15' AS DATE)) AS DATE) + (
        INTERVAL '1 MONTH' * period_numbers.n
      ) AS DATE) AS period_start
    FROM period_numbers
    WHERE
      CAST(CAST(DATE_TRUNC('MONTH', CAST('2026-01-15' AS DATE)) AS DATE) + (
        INTERVAL '1 MONTH' * period_numbers.n
      ) AS DATE) <= CAST(DATE_TRUNC('MONTH', CAST('2026-11-22' AS DATE)) AS DATE)
  ) AS series
), customer_customers_at_period_start AS (
  SELECT
    periods_month.period_start AS metric_time__month,
    COUNT(*) AS customers_at_period_start
  FROM customers AS customers_2
  CROSS JOIN periods_month
  WHERE
    customers_2.signup_date < periods_month.counted_from
    AND (
      customers_2.churn_date IS NULL
      OR customers_2.churn_date >= periods_month.counted_from
    )
  GROUP BY
    periods_month.period_start
), dimension_keys AS (
  SELECT
    metric_time__month
  FROM customer_metrics
  UNION
  SELECT
    metric_time__month
  FROM customer_customers_at_period_start
)
SELECT
  dimension_keys.metric_time__month,
  CAST(COALESCE(customer_metrics.churned_customers, 0) AS DOUBLE PRECISION) / NULLIF(COALESCE(customer_customers_at_period_start.customers_at_period_start, 0), 0) AS churn_rate
FROM dimension_keys
LEFT JOIN customer_metrics
  ON dimension_keys.metric_time__month IS NOT DISTINCT FROM customer_metrics.metric_time__month
LEFT JOIN customer_customers_at_period_start
  ON dimension_keys.metric_time__month IS NOT DISTINCT FROM customer_customers_at_period_start.metric_time__month
ORDER BY
  metric_time__month
