WITH order_repeat_buyers AS (
  SELECT
    acquisition_channel,
    COUNT(*) AS repeat_buyers
  FROM (
    SELECT
      customers.acquisition_channel AS acquisition_channel,
      orders.customer_id AS per_key
    FROM orders
    LEFT JOIN customers
      ON orders.customer_id = customers.customer_id
    WHERE
      orders.status = 'completed'
    GROUP BY
      customers.acquisition_channel,
      orders.customer_id
    HAVING
      COUNT(*) >= 2
  ) AS per_groups
  GROUP BY
    acquisition_channel
), order_metrics AS (
  SELECT
    customers_2.acquisition_channel AS acquisition_channel,
    COUNT(DISTINCT orders_2.customer_id) AS buying_customers,
    SUM(orders_2.amount) AS revenue
  FROM orders AS orders_2
  LEFT JOIN customers AS customers_2
    ON orders_2.customer_id = customers_2.customer_id
  WHERE
    orders_2.status = 'completed'
  GROUP BY
    customers_2.acquisition_channel
), dimension_keys AS (
  SELECT
    acquisition_channel
  FROM order_repeat_buyers
  UNION
  SELECT
    acquisition_channel
  FROM order_metrics
)
SELECT
  dimension_keys.acquisition_channel,
  CAST(COALESCE(order_repeat_buyers.repeat_buyers, 0) AS DOUBLE PRECISION) / NULLIF(COALESCE(order_metrics.buying_customers, 0), 0) AS repurchase_rate,
  CAST(COALESCE(order_metrics.revenue, 0) AS DOUBLE PRECISION) / NULLIF(COALESCE(order_metrics.buying_customers, 0), 0) AS customer_lifetime_value
FROM dimension_keys
LEFT JOIN order_repeat_buyers
  ON dimension_keys.acquisition_channel IS NOT DISTINCT FROM order_repeat_buyers.acquisition_channel
LEFT JOIN order_metrics
  ON dimension_keys.acquisition_channel IS NOT DISTINCT FROM order_metrics.acquisition_channel
ORDER BY
  acquisition_channel
