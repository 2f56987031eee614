"""English text banks: complaint templates per planted theme, requests, survey comments.

Slots in braces ({product}, {order}, {days}, {hours}, {amount}, {fee}, {courier}, {city}, {count},
{pct}, {coupon}, {email}, {phone}) are filled per row by the writer. Templates avoid stamping the
theme name: a reader can always tell the theme, a keyword matcher often cannot.
"""

from __future__ import annotations

COMPLAINTS: dict[str, tuple[str, ...]] = {
    "delivery_delay": (
        "Ordered the {product} {days} days ago and it still hasn't shown up. Tracking says it's been "
        "sitting in {city} since last week.",
        "Where is my parcel?? Order {order}. You promised 2-day shipping, it's day {days} now.",
        "My order {order} was supposed to arrive on Monday but {courier} keeps pushing the date "
        "back. Could you please check what is going on?",
        "The tracking hasn't updated in {days} days. Is my package lost or what",
        "I needed the {product} for a birthday this weekend and it's still stuck at the sorting centre. "
        "Really disappointed with how long this is taking.",
        "{courier} says the box left the warehouse {days} days ago and nothing since. Nobody can tell me "
        "when it will actually get here.",
        "still waiting on {order}. the estimated arrival date came and went. this is ridiculous",
        "Could you chase the courier for me? The {product} (order {order}) has shown 'in transit' for "
        "{days} days, which seems far too long for a shipment to {city}.",
        "Third time I'm asking: when will my stuff arrive? It was marked as shipped ages ago.",
        "Paid extra for express on the {product} and it's slower than standard ever was. {days} days and counting.",
        "My parcel has been 'out for delivery' since yesterday morning and never came. Nobody called either.",
    ),
    "damaged_or_defective": (
        "The {gadget} arrived with a cracked casing and it won't even turn on. Order {order}.",
        "Box was crushed and the {gadget} inside is scratched all over. Not acceptable for ¥{amount}.",
        "Used the {gadget} for {days} days and it just stopped working. Pretty poor quality tbh.",
        "The {gadget} I received has a missing part: the cable isn't in the box and one button is loose.",
        "The seam on the {garment} ripped the first time I wore it. I expected better.",
        "Opened the package and the {liquid} had leaked everywhere, half of it gone. Please sort this out.",
        "the {gadget} makes a weird buzzing noise and gets really hot. i'm honestly afraid to use it",
        "Received order {order} today. The item is clearly used or someone's return, stains and a dent on the side.",
        "This is the second {gadget} in a row that's faulty out of the box. What kind of quality control do you have?",
        "Screen has dead pixels and the battery drains in an hour. For ¥{amount} this is a joke.",
        "The {garment} shrank two sizes after one wash and the colour ran into everything else.",
    ),
    "slow_support_response": (
        "I've been waiting {hours} hours for someone from customer service to reply to my message. Hello??",
        "Called your hotline {count} times today and was on hold for ages every time before the line dropped.",
        "I sent an email about order {order} {days} days ago and have not heard back at all. Is anyone reading these?",
        "Your live chat says 'an agent will be with you shortly'. That was {hours} hours ago.",
        "It takes forever to get a human. I was number 47 in the queue and gave up after an hour.",
        "I submitted a request {days} days ago and it's still 'pending'. Could somebody please get back to me?",
        "No answer to my ticket for {days} days. Writing again, that's {count} messages now.",
        "nobody picks up the phone, nobody answers the chat. how am i supposed to reach you",
        "You said someone would call me back within 24 hours. It's been {days} days.",
        "Honestly the waiting is the worst part. Every time I contact you it takes {hours} hours just "
        "to get a first reply.",
    ),
    "unhelpful_support": (
        "The agent just pasted the same canned answer {count} times without reading what I wrote.",
        "I explained the issue with order {order} three times and got transferred to another "
        "department each time. Nobody actually fixed anything.",
        "Your staff told me to 'wait patiently' and closed the ticket. My problem is still not solved!",
        "Spoke to someone on the phone who was honestly rude and kept interrupting me.",
        "The chat bot keeps sending me FAQ links that have nothing to do with my question. Let me talk "
        "to a real person who can actually help.",
        "I was promised a callback from a supervisor, which never happened, and the next agent had no "
        "record of my case.",
        "Every agent gives me a different answer. One says it's the courier's fault, another says it's mine. Pathetic.",
        "I appreciate the quick reply, but the suggested fix didn't work and the agent marked it resolved anyway.",
        "your service people are useless. they just say sorry sorry sorry and do nothing",
        "I asked a simple question about my {product} and the person clearly had no idea about the product. Zero help.",
    ),
    "refund_return_hassle": (
        "I sent the {product} back {days} days ago and still haven't got my ¥{amount}.",
        "Why is sending something back so complicated? I had to upload photos, print a label, and now "
        "you say the window has closed.",
        "You rejected my return for order {order} saying it was 'used'. It was never even opened.",
        "The refund status has said 'processing' for {days} days. When exactly will the money be back on my card?",
        "Charged me a ¥{fee} restocking fee for returning a faulty item. That's not fair at all.",
        "Courier picked up the parcel a week ago, your warehouse confirmed receipt, still no money. Please release it.",
        "I'd like to know why I need to pay the return shipping myself when the {product} was defective.",
        "Got only a partial refund (¥{fee} instead of ¥{amount}) with no explanation.",
        "trying to send back the {product} for {days} days now, your team keeps asking for more photos "
        "and still hasn't approved it",
        "Money back was promised in 3-5 working days. It's been two weeks. I want my money back.",
    ),
    "price_too_high": (
        "The same {product} is {pct}% cheaper on other platforms. Why am I paying ¥{amount} here?",
        "Your prices have gone up a lot this year. Groceries used to be affordable, not anymore.",
        "I bought the {product} for ¥{amount} and two days later it was on sale for much less. Can I get "
        "the difference back?",
        "Honestly not worth the money. Quality is average and the price is premium.",
        "Delivery fee plus the latest increase makes it way too expensive. I'll shop elsewhere.",
        "I noticed my usual {product} costs {pct}% more than last month. Is this permanent?",
        "Your 'discounts' are fake: the price was raised before the sale so I end up paying the same.",
        "Competitors do free shipping and charge less. Give me one reason to keep ordering from you.",
        "¥{amount} for this?? overpriced. seriously",
        "I've been a loyal customer for years but what you charge now is getting hard to justify.",
    ),
    "app_website_problems": (
        "Your app crashes every time I open the cart. I'm on the latest version.",
        "Can't log in: the verification code never arrives and after {count} tries it locks me out.",
        "The website keeps spinning at checkout and then shows a blank page.",
        "After the latest update everything is super slow and search doesn't return anything.",
        "I tried to place an order for the {product} but the 'submit' button does nothing.",
        "The page with my order history won't load, just an error 502.",
        "app keeps logging me out every few minutes. so annoying",
        "The pictures on the product pages don't load on my phone and the filters reset themselves.",
        "I can't change my address in the app, it just freezes on the map screen.",
        "Your site says my account doesn't exist even though I've ordered from you for years.",
    ),
    "payment_failure": (
        "Payment failed {count} times with WeChat Pay but the money was deducted from my account.",
        "My card keeps getting declined at checkout even though it works everywhere else.",
        "Tried to pay with Alipay, got 'payment timed out', and then order {order} was cancelled automatically.",
        "The payment page froze and now I don't know if I've been charged or not. Order {order} still says unpaid.",
        "I paid ¥{amount} but the order shows 'awaiting payment'. Where did my money go?",
        "Can't complete the purchase, it says 'bank system busy' every single time.",
        "The installment option fails at the last step with an unknown error. Could you check?",
        "payment doesn't go through. tried 2 different cards. what's wrong",
        "Money left my bank account but the order was never created. Please check the transaction.",
        "Your checkout rejected both my gift card balance and my credit card, so I couldn't buy the {product}.",
    ),
    "billing_error": (
        "I was charged twice for order {order}: two identical payments of ¥{amount} on my statement.",
        "The invoice shows ¥{amount} but the item was listed at a lower price. Please correct it.",
        "You billed me for an order I cancelled. I want that ¥{fee} back.",
        "My coupon was accepted at checkout but the final charge didn't include the discount.",
        "There's a ¥{fee} 'service fee' on my bill that nobody told me about.",
        "The amount on my e-invoice doesn't match what I paid. Can you reissue it with the right total?",
        "Got charged full price although the promo said ¥{coupon} off. Fix my bill please.",
        "why is there an extra ¥{fee} on my card from you?? I didn't buy anything else",
        "The monthly statement lists a {product} I never ordered.",
        "Shipping was supposed to be free, but the receipt has ¥{fee} for it.",
    ),
    "membership_benefits": (
        "I'm a Plus member but I still had to pay for shipping on order {order}. What am I paying the membership for?",
        "My points from last month's purchases never showed up in my account.",
        "The member price wasn't applied to the {product} even though it says members get {pct}% off.",
        "Thousands of my points expired overnight without any reminder.",
        "I renewed my membership but the account still shows as a regular customer. Could you check?",
        "The 'exclusive member day' deals are the same prices everyone gets. Membership is pointless.",
        "The birthday voucher for members never arrived this year.",
        "i paid for the annual plus card and the free returns perk doesn't work",
        "You changed the loyalty rules and now I need twice as many points for the same voucher. Feels "
        "like a bait and switch.",
        "Can't redeem my points for the ¥{coupon} voucher, it says insufficient balance although I have plenty.",
    ),
}

SUBJECTS: dict[str, tuple[str, ...]] = {
    "delivery_delay": (
        "Where is my order?",
        "Order {order} not delivered yet",
        "Parcel still not here",
        "Late delivery",
        "Still waiting for my package",
    ),
    "damaged_or_defective": (
        "Quality problem",
        "Defective item",
        "Problem with order {order}",
        "Product issue",
        "Item not OK",
    ),
    "slow_support_response": (
        "No reply yet",
        "Waiting for a response",
        "Can't reach customer service",
        "Still no answer!!",
        "Follow-up on my request",
    ),
    "unhelpful_support": (
        "Issue still not solved",
        "Complaint about agent",
        "Unhelpful service",
        "Not happy with support",
        "Your service team",
    ),
    "refund_return_hassle": (
        "Refund / return issue",
        "Return problem - order {order}",
        "About my refund",
        "Return request",
        "Where is my money?",
    ),
    "price_too_high": ("Pricing", "Price too high", "About your prices", "Pricing feedback", "Too expensive"),
    "app_website_problems": (
        "App problem",
        "Website issue",
        "Technical problem",
        "Bug report",
        "Your app isn't working",
    ),
    "payment_failure": (
        "Payment problem",
        "Payment issue on order {order}",
        "Problem paying",
        "Checkout payment error",
        "Payment failed",
    ),
    "billing_error": (
        "Billing issue",
        "Wrong charge",
        "Question about my bill",
        "Charge on my card",
        "Billing error",
    ),
    "membership_benefits": (
        "Membership issue",
        "Member benefits",
        "About my membership",
        "Points and perks",
        "Membership complaint",
    ),
}

# A second sentence that touches another theme (noise: the planted theme stays the first one).
SECONDARY: dict[str, tuple[str, ...]] = {
    "delivery_delay": (
        "And on top of that the delivery took {days} days.",
        "Also the parcel arrived way later than promised.",
        "Not to mention the courier was {days} days late.",
        "The shipping was slow as well.",
    ),
    "damaged_or_defective": (
        "The box was also dented and the item has scratches.",
        "Plus the {product} I got was faulty.",
        "And the thing barely works anyway.",
        "On top of that one part was broken when it arrived.",
    ),
    "slow_support_response": (
        "And it took your team {hours} hours to even reply.",
        "Nobody answered my messages for days either.",
        "Also I waited forever on the hotline.",
        "Your support took ages to respond, too.",
    ),
    "unhelpful_support": (
        "The agent I spoke to was no help at all.",
        "And customer service just kept giving me scripted answers.",
        "Your staff didn't solve anything either.",
        "Support just passed me around.",
    ),
    "refund_return_hassle": (
        "I'm also still waiting for a refund from last time.",
        "And returning things with you is a nightmare.",
        "My previous return still hasn't been refunded.",
        "Plus the return was rejected for no reason.",
    ),
    "price_too_high": (
        "Also your prices are way higher than elsewhere.",
        "And honestly it's overpriced.",
        "Everything has become more expensive too.",
        "Not worth the price, frankly.",
    ),
    "app_website_problems": (
        "Also the app kept crashing when I tried to report this.",
        "Your website wouldn't even load the order page.",
        "And the app logged me out twice while I was writing this.",
        "The site is really buggy too.",
    ),
    "payment_failure": (
        "Also my first payment attempt failed.",
        "And the checkout rejected my card the first time.",
        "Payment also failed twice before it went through.",
        "WeChat Pay kept failing too.",
    ),
    "billing_error": (
        "I also noticed I was charged twice.",
        "Plus there's an extra fee on my bill I don't understand.",
        "And the invoice amount is wrong.",
        "The coupon wasn't deducted from my bill either.",
    ),
    "membership_benefits": (
        "And my member points never showed up.",
        "Also the member discount wasn't applied.",
        "What's the point of being a member, by the way?",
        "My membership benefits didn't apply either.",
    ),
}

SURVEY_NEGATIVE: dict[str, tuple[str, ...]] = {
    "delivery_delay": (
        "Delivery took {days} days, way too slow.",
        "Parcel came late again.",
        "Courier was days behind schedule.",
        "Slow shipping.",
        "Waited over a week for my order.",
    ),
    "damaged_or_defective": (
        "Product arrived broken.",
        "Poor quality, stopped working quickly.",
        "The {gadget} was defective.",
        "Packaging was crushed and item damaged.",
        "Quality control needs work.",
    ),
    "slow_support_response": (
        "Customer service takes forever to reply.",
        "Waited {hours} hours for a response.",
        "Hard to reach anyone.",
        "Support is too slow.",
        "Nobody got back to me.",
    ),
    "unhelpful_support": (
        "Support didn't solve my problem.",
        "Agents just read from a script.",
        "Staff were rude and unhelpful.",
        "Got passed around, nothing fixed.",
        "Useless customer service.",
    ),
    "refund_return_hassle": (
        "Refund took forever.",
        "Returns are a hassle.",
        "Still waiting for my money back.",
        "Return was rejected unfairly.",
        "Too many steps to return an item.",
    ),
    "price_too_high": (
        "Too expensive.",
        "Prices keep going up.",
        "Cheaper elsewhere.",
        "Not worth the money.",
        "Overpriced for what you get.",
    ),
    "app_website_problems": (
        "App keeps crashing.",
        "Website is slow and buggy.",
        "Couldn't log in.",
        "Checkout page broke.",
        "The app update made everything worse.",
    ),
    "payment_failure": (
        "Payment kept failing.",
        "My card was declined for no reason.",
        "Paid but the order said unpaid.",
        "Checkout payment errors.",
        "WeChat Pay didn't work.",
    ),
    "billing_error": (
        "I was overcharged.",
        "Double charged on my card.",
        "Wrong amount on the invoice.",
        "Hidden fees on my bill.",
        "Discount missing from the charge.",
    ),
    "membership_benefits": (
        "Member perks are useless.",
        "Points never arrived.",
        "Membership not worth it.",
        "Member discount didn't apply.",
        "My points expired without notice.",
    ),
}

SURVEY_POSITIVE: tuple[str, ...] = (
    "Fast delivery, great service!",
    "Very happy with my {product}.",
    "Smooth experience as always.",
    "Good quality and fair price.",
    "The courier was friendly and on time.",
    "Easy to use app, found everything quickly.",
    "Customer service solved my question in minutes.",
    "Love it, will buy again.",
    "Packaging was neat and the item is perfect.",
    "Great deals this month.",
    "Everything arrived as described.",
    "Quick refund, thanks!",
)

SURVEY_NEUTRAL: tuple[str, ...] = (
    "It's okay.",
    "Nothing special.",
    "Average experience.",
    "Fine, no complaints.",
    "Delivery was normal.",
    "Product is as expected.",
    "Decent, could be better.",
    "OK overall.",
)

REQUESTS: dict[str, tuple[str, ...]] = {
    "change_address": (
        "I'd like to change the delivery address for order {order} to my office in {city}. Is that still possible?",
        "Could you update the shipping address on my latest order? I moved last week.",
        "Please deliver order {order} to a different address, I won't be home.",
    ),
    "order_status": (
        "Just checking when order {order} will ship. No rush, thanks!",
        "Could you tell me the expected delivery date for my {product}?",
        "Has my order been sent out yet? Just want to plan to be home.",
    ),
    "invoice_request": (
        "Could you send me a VAT invoice for order {order}? Company name to follow.",
        "Please issue an e-invoice for my purchase of ¥{amount}.",
        "I need a receipt for my {product} for reimbursement, how do I download it?",
    ),
    "coupon_howto": (
        "How do I use the ¥{coupon} coupon I received? I can't see where to enter it.",
        "Can I combine two coupons on one order?",
        "Does the ¥{coupon} voucher work on sale items?",
    ),
    "product_question": (
        "Is the {gadget} compatible with Apple devices?",
        "Where can I find the size guide for the {garment}? I'm usually a medium.",
        "Does the {product} come with a warranty?",
    ),
    "account_change": (
        "I need to change the phone number on my account, how do I do that?",
        "Please help me reset my password, I got a new phone.",
        "How can I link my WeChat to my account?",
    ),
    "membership_question": (
        "What benefits do I get if I join the membership?",
        "How many points do I need for a free delivery voucher?",
        "When does my membership renew?",
    ),
    "return_policy": (
        "Can items like the {product} be returned if I change my mind?",
        "How long do I have to send an item back?",
        "Can I exchange the {garment} for a different size?",
    ),
}

REQUEST_SUBJECTS: dict[str, tuple[str, ...]] = {
    "change_address": ("Change delivery address", "Address update"),
    "order_status": ("Order status question", "When will my order ship?"),
    "invoice_request": ("Invoice request", "Need an invoice"),
    "coupon_howto": ("Coupon question", "How to use a coupon"),
    "product_question": ("Product question", "Quick question about an item"),
    "account_change": ("Account change", "Update phone number"),
    "membership_question": ("Membership question", "About member points"),
    "return_policy": ("Return policy question", "Question about returns"),
}

OPENERS = ("Hi,", "Hello,", "Hi there,", "Dear customer service,", "Hey,", "Good morning,")
CLOSERS_POLITE = ("Thanks.", "Thank you.", "Regards.", "Thanks in advance!", "Waiting for your reply.")
CLOSERS_ANGRY = (
    "Please fix this ASAP!",
    "Not happy.",
    "Sort it out please.",
    "Very disappointed.",
    "I expect a proper answer this time.",
)
PII = (
    "You can reach me at {email}.",
    "Call me back on {phone} please.",
    "My number is {phone}.",
    "Email me at {email} if you need photos.",
    "Contact: {phone} / {email}.",
)
