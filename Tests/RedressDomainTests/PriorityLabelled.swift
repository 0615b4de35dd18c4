/// Complaint texts labelled by the priority a complaint team would give them, to measure the
/// default priority rules (PriorityLabelledSetTests). One per line: label, language, text, separated
/// by tabs. Labels: critical, high, normal. Written for this set; half Chinese, half English.
/// Kept as Swift source so that the package needs no resource rule for it.
let priorityLabelledExamples = #"""
    critical	zh	热水器洗澡时漏电，我女儿被电了一下，现在还在害怕。
    critical	zh	电动车充电时电池突然起火，阳台烧黑了一片。
    critical	zh	新买的高压锅盖子冲开，我妈手臂被烫伤。
    critical	zh	孩子吃了你们的饼干后一直呕吐，医生说是食物中毒。
    critical	zh	插线板冒烟并发出焦味，差点引发火灾。
    critical	zh	椅子腿突然断裂，老人摔倒骨折住院。
    critical	zh	充电宝在包里爆炸，衣服都烧穿了。
    critical	zh	玩具的小零件脱落，宝宝差点窒息。
    critical	zh	外卖里吃出玻璃碴，嘴里划伤流血。
    critical	zh	燃气灶关火后还有气味，存在严重安全隐患。
    critical	zh	电梯门突然夹人，这种设备太危险了。
    critical	zh	吹风机用了两次就着火了。
    critical	zh	面膜用后脸上起红疹，出现过敏反应，去了医院。
    critical	zh	儿童床护栏松动，孩子从床上摔下来受伤。
    critical	zh	没想到新买的电水壶会漏电，手到现在还麻。
    critical	zh	孩子的手指被柜门夹了，肿得很厉害，你们的防夹设计根本没用。
    critical	zh	刹车失灵，在路口差点撞上行人。
    critical	zh	你们客服让我先转账再退款，这分明是诈骗。
    critical	zh	收到的是假货，专柜验过了不是正品。
    critical	zh	商家以次充好，把翻新机当新机卖。
    critical	zh	会员卡被莫名扣费，感觉被欺骗了。
    critical	zh	所谓的官方旗舰店卖假冒产品。
    critical	zh	这家店就是骗子，收钱不发货。
    critical	zh	如果三天内不给处理，我会请律师起诉你们。
    critical	zh	已经咨询了律师，准备走法律途径。
    critical	zh	我们会向法院提起诉讼，要求赔偿全部损失。
    critical	zh	这件事我宁愿打官司也不会接受你们的方案。
    critical	zh	已经向仲裁委员会申请仲裁。
    critical	zh	再不解决我就把视频发到抖音上让大家看看。
    critical	zh	我已经联系了电视台记者，他们明天来采访。
    critical	zh	我会在微博上曝光你们的服务。
    critical	zh	准备写一篇小红书笔记提醒其他人别买。
    critical	zh	这件事我要找媒体评评理。
    critical	zh	你们这样对待顾客，上热搜是迟早的事。
    critical	zh	再不处理我就让全网都知道你们是什么样的公司。
    critical	zh	我已经打了12315投诉。
    critical	zh	明天去消协反映情况。
    critical	zh	我会投诉到市场监管局。
    critical	zh	已向消费者协会提交了材料。
    critical	zh	已经投诉到工商局，等他们回复。
    critical	zh	我会向监管部门举报你们的乱收费问题。
    critical	zh	我打12315之前想先和你们沟通一下。
    critical	zh	同一批次的奶粉，我们小区好几个孩子喝了都拉肚子住院了。
    critical	zh	客服冒充银行工作人员骗钱，已经损失三千元。
    critical	zh	房东和你们中介串通造假合同，我要讨个说法。
    high	zh	广告说续航十小时，实际两小时都不到，属于虚假宣传。
    high	zh	商品详情页写的是纯棉，收到的是化纤，货不对板。
    high	zh	宣传说免费安装，上门却要收费，和宣传不符。
    high	zh	直播间夸大宣传减肥效果，吃了一个月毫无变化。
    high	zh	我在你们平台填的个人信息被泄露了，天天接到推销电话。
    high	zh	快递面单上的信息泄露，有人按地址上门推销。
    high	zh	客服把我的订单截图发到群里，侵犯我的隐私。
    high	zh	你们的App未经同意读取通讯录，严重隐私泄露。
    high	zh	虚假广告，说是进口原料结果是国产。
    high	zh	门店员工随意把我的手机号和住址告诉别人，泄露了我的个人信息。
    high	zh	页面上写的是七天无理由退货，结果根本不给退，这是欺骗消费者的文字游戏。
    normal	zh	幸好没有人受伤，但是热水器确实漏水了。
    normal	zh	这不是诈骗短信吧？我收到一条要求验证的短信，想确认一下。
    normal	zh	洗衣机噪音大，没有什么危险，就是吵。
    normal	zh	快递送晚了两天，包装也破了。
    normal	zh	客服态度很差，电话里一直不耐烦。
    normal	zh	空调维修后还是不制冷，要求再次上门。
    normal	zh	发票开错了抬头，请重新开具。
    normal	zh	会员积分没有到账。
    normal	zh	订单取消后退款一直没到。
    normal	zh	预约的安装师傅迟到三个小时。
    normal	zh	外卖少送了一份米饭。
    normal	zh	手机屏幕有两个坏点，要求换货。
    normal	zh	冰箱冷藏室结冰，食物都冻坏了。
    normal	zh	门店排队太久，也没有人引导。
    normal	zh	产品说明书看不懂，希望提供中文版。
    normal	zh	我在抖音直播间买的裙子尺码偏小，想换大一号。
    normal	zh	看到你们微博上的活动，领券后无法使用。
    normal	zh	并没有造成人员受伤，只是柜门掉下来了。
    normal	zh	充电器发热明显，幸好没有起火，希望检查一下这批产品。
    normal	zh	我不是要起诉你们，只是希望尽快退款。
    normal	zh	不存在安全问题，只是外观有划痕。
    normal	zh	我并非想找媒体，只想要个说法。
    normal	zh	孩子没受伤，但玩具刚拆开就坏了。
    normal	zh	电话一直打不通，客服热线形同虚设。
    normal	zh	账单多扣了二十元，请核实。
    normal	zh	预订的蛋糕字写错了。
    normal	zh	送来的沙发颜色和订单不一致。
    normal	zh	物流信息一周没更新。
    normal	zh	售后说要等配件，已经等了半个月。
    normal	zh	退货运费应该由商家承担。
    normal	zh	店员推销太频繁，让人反感。
    normal	zh	网站页面经常打不开，付款失败。
    normal	zh	安装后水管有点渗水。
    normal	zh	快递员没有送货上门，直接放在驿站。
    normal	zh	酒店房间有异味，要求换房。
    normal	zh	餐厅上菜太慢，等了一个小时。
    normal	zh	套餐资费变更没有提前通知。
    normal	zh	电视遥控器失灵，换了电池也没用。
    normal	zh	没有任何安全隐患，只是希望把螺丝拧紧。
    normal	zh	维修人员没有带工具，白跑一趟。
    normal	zh	预约系统显示有号，到了却说满了。
    normal	zh	优惠券过期了没法用，希望延期。
    normal	zh	洗碗机洗不干净，残留很多。
    normal	zh	空气净化器滤网价格太贵。
    normal	zh	没有出现过敏反应，但是香味太浓了。
    normal	zh	这次不是假货问题，是尺码发错了。
    normal	zh	客户经理换了三次，每次都要重新说明情况。
    normal	zh	快递盒子被压扁，里面的杯子碎了一个。
    normal	zh	没人告诉我需要提前预约。
    normal	zh	打印机经常卡纸。
    normal	zh	网速太慢，晚上几乎上不了网。
    normal	zh	家具送来少了两个螺丝。
    normal	zh	退款到账时间比说好的晚了五天。
    normal	zh	宽带师傅上门态度冷淡。
    normal	zh	热水器出水忽冷忽热。
    normal	zh	乘务员对老人不够耐心。
    normal	zh	医院附近那家门店的营业时间和网上写的不一样。
    normal	zh	商品的安全扣设计不合理，很难打开。
    normal	zh	投诉到现在已经一个月了，还没有人处理。
    normal	zh	新买的鞋子穿了一周就开胶了。
    normal	zh	健身房私教课没上完就换了教练。
    normal	zh	并未发现质量问题，但是送货时间太晚了。
    critical	en	The kettle's base sparked and my hand got an electric shock.
    critical	en	Our new space heater caught fire in the living room last night.
    critical	en	My son was hospitalized after eating the yogurt we bought from your store.
    critical	en	The pressure cooker lid blew off and burned my wife's arm.
    critical	en	The e-bike battery exploded while charging in the garage.
    critical	en	Smoke started coming out of the microwave door.
    critical	en	The stroller's brake failed and my daughter was injured.
    critical	en	A piece of metal in the salad cut my mouth and it was bleeding.
    critical	en	The charger gets so hot that it is dangerous to touch.
    critical	en	My toddler choked on a loose part from the toy.
    critical	en	The ladder collapsed and I hurt my back badly.
    critical	en	I had an allergic reaction to the cream and ended up calling an ambulance.
    critical	en	Exposed wires on the lamp: this is a safety hazard.
    critical	en	The gas smell after installation makes the kitchen unsafe.
    critical	en	My kid swallowed a button battery that fell out of the remote.
    critical	en	I did not expect the heater to explode in my face.
    critical	en	The car's brakes failed on the motorway two days after your service.
    critical	en	Your agent asked for my bank PIN; this looks like a scam.
    critical	en	The "genuine" watch I received is a counterfeit.
    critical	en	I was cheated: charged twice and told it was a bank error.
    critical	en	Your seller sold me a fake phone with a copied logo.
    critical	en	This is fraud. You renewed my subscription after I cancelled in writing.
    critical	en	I feel deceived by the so-called free trial that charged me 99 dollars.
    critical	en	If this is not fixed by Friday I will take you to court.
    critical	en	My lawyer will be in touch about the damage to my floor.
    critical	en	I am filing a claim in small claims court next week.
    critical	en	I have spoken to an attorney about your refusal to refund.
    critical	en	We are considering legal action over the breach of contract.
    critical	en	I'm prepared to sue the company for the lost wages.
    critical	en	I'm going to post this on social media so others know.
    critical	en	A reporter from the local newspaper is interested in my story.
    critical	en	If I don't hear back, I'll go public with the emails.
    critical	en	My video about your service already went viral with two million views.
    critical	en	I have contacted the press about how you treat customers.
    critical	en	I will expose your company's practices to everyone I know.
    critical	en	Everyone on the neighbourhood forum will read about this by tonight.
    critical	en	I have reported this to the consumer council.
    critical	en	I'm filing a complaint with trading standards tomorrow.
    critical	en	I will contact the ombudsman if you do not respond.
    critical	en	The Better Business Bureau will hear about this.
    critical	en	I've written to the regulator about the hidden fees.
    critical	en	The consumer protection agency has my case number now.
    critical	en	I have already lodged a complaint with the consumer watchdog.
    critical	en	The smoke detector your technician fitted melted when the hob was on.
    critical	en	Your salesman forged my signature on the loan papers; that is fraudulent.
    high	en	The box says 12-hour battery life but it barely lasts three; that is false advertising.
    high	en	The jacket was not as described: it's polyester, not wool.
    high	en	Your ad promised free installation. Misleading advertising at best.
    high	en	The listing made false claims about water resistance.
    high	en	It was a classic bait and switch: the advertised model was never in stock.
    high	en	Someone at your store gave my phone number to a sales company; my privacy has been violated.
    high	en	You sent my invoice, with my address, to another customer. That is a data breach.
    high	en	Your app shares my personal data with advertisers without consent.
    high	en	My personal information appeared on a marketing list I never signed up for.
    high	en	The courier shared my personal details with a neighbour.
    high	en	The advert showed a sea view; the room faced a car park.
    normal	en	Luckily no one was hurt, but the shelf fell off the wall.
    normal	en	This is not a scam call, right? I got a text asking me to confirm my order.
    normal	en	There was no fire or smoke, the fan just stopped working.
    normal	en	The parcel arrived two days late and the box was crushed.
    normal	en	The agent on the phone was rude and hung up on me.
    normal	en	I was charged for delivery even though I chose store pickup.
    normal	en	The washing machine is very noisy during the spin cycle.
    normal	en	My refund has not arrived after ten working days.
    normal	en	The technician arrived three hours late for the appointment.
    normal	en	The app keeps logging me out.
    normal	en	The hotel room was not cleaned during my stay.
    normal	en	I was never told about the cancellation fee.
    normal	en	The restaurant forgot half of our order.
    normal	en	The instructions are confusing and two pages are missing.
    normal	en	I waited forty minutes in the queue at the store.
    normal	en	The coffee machine leaks water onto the counter.
    normal	en	The sofa colour does not match the sample.
    normal	en	My loyalty points disappeared after the update.
    normal	en	The fridge makes a clicking noise at night.
    normal	en	I didn't get hurt, but the chair leg snapped when I sat down.
    normal	en	It wasn't dangerous, just annoying that the lid doesn't close.
    normal	en	I am not going to sue anyone, I just want my money back.
    normal	en	The store manager fired back an angry email instead of helping.
    normal	en	There's an issue with my invoice number.
    normal	en	The food court at your mall was closed all weekend.
    normal	en	The courier left the parcel out in the rain.
    normal	en	I need a copy of my warranty card.
    normal	en	My broadband speed is half of what I pay for.
    normal	en	The replacement part has been on back order for a month.
    normal	en	The dishwasher leaves white spots on glasses.
    normal	en	Nobody was injured, but the cabinet door came off its hinge.
    normal	en	Your website checkout fails with every card I try.
    normal	en	The seat on the train was broken and staff did nothing.
    normal	en	My gym membership was frozen without notice.
    normal	en	The pizza was cold when it arrived.
    normal	en	The headphones stopped charging after two weeks.
    normal	en	I was promised a callback that never came.
    normal	en	The paint on the bike frame is peeling.
    normal	en	The printer jams on every second page.
    normal	en	The staff member was helpful but the policy is unfair.
    normal	en	The shoe sole came off after a week.
    normal	en	The delivery driver blocked my driveway for an hour.
    normal	en	I never received the promised discount voucher.
    normal	en	My order shows delivered but nothing arrived.
    normal	en	The tap in the hotel bathroom drips all night.
    normal	en	The curtains are shorter than the size on the label.
    normal	en	The oven light went out after a month.
    normal	en	It is not a safety issue, but the handle wobbles.
    normal	en	Customer service transferred me five times.
    normal	en	The roaming charges on my bill look wrong.
    normal	en	My appointment was moved without anyone asking me.
    normal	en	The wardrobe arrived with a scratched door.
    normal	en	The hospital car park machine you operate took my card payment twice.
    normal	en	I saw your offer on TikTok but the code does not work.
    normal	en	The replacement phone has the same screen flicker.
    normal	en	Please close my account; I'm moving abroad.
    normal	en	My bill shows a late fee even though I paid on time.
    normal	en	The sauna at your gym was closed for weeks with no notice.
    normal	en	The smoke alarm I ordered came without the mounting screws.
    """#
